// TensorFlow >= 2.11 installed in a native-Windows environment (seen from WSL2 or a
// mounted Windows disk): no CUDA build of it exists for Windows (research/tf-compat.md 1b).
#include "rules/framework/framework_rules.hpp"
#include "util/strings.hpp"

namespace gpudoctor::rules {

GD_FW_RULE(check_tf_native_windows_no_gpu) {
  for (const auto& inst : ctx.facts.frameworks.installs) {
    if (inst.framework != "tensorflow" || inst.platform != "windows") continue;
    if (inst.version.empty() || util::compare_versions(inst.version, "2.11") < 0) continue;
    // A CUDA build of 2.11+ for Windows is no official wheel; its DLLs are not judged here.
    if (inst.build == "cuda") continue;
    auto x = install_finding(info, inst, "is installed for native Windows, where no CUDA build of TensorFlow 2.11 "
                                         "or later exists, so it always runs on the CPU");
    x.evidence.push_back({"environment", inst.env_prefix + " (Windows layout: Lib/site-packages, python.exe)"});
    x.evidence.push_back({"distribution", inst.distribution + " " + inst.version});
    if (!inst.build_source.empty()) x.evidence.push_back({inst.build_source, "is_cuda_build = False"});
    x.explanation =
        "TensorFlow dropped GPU support on native Windows after 2.10: \"GPU support on native-Windows is only "
        "available for 2.10 or earlier versions, starting in TF 2.11, CUDA build is not supported for Windows\" "
        "(tensorflow.org/install/source_windows); the pip page lists \"Windows Native ... no GPU support after "
        "TF 2.10\". On Windows the "
        "`tensorflow` package of 2.11+ is a CPU-only build (tensorflow-intel), whatever driver, CUDA and cuDNN "
        "the machine has. WSL2 runs the Linux wheels, which do use the GPU.";
    x.fix.push_back("inside WSL2 (Linux): python3 -m venv ~/tf && ~/tf/bin/pip install 'tensorflow[and-cuda]'");
    x.fix.push_back("or, on native Windows, TensorFlow 2.10 (Python 3.7-3.10) with CUDA 11.2 and cuDNN 8.1: "
                    "python -m pip install \"tensorflow<2.11\" in that environment (tensorflow.org/install/"
                    "source_windows, tested build configurations)");
    x.fix.push_back("last resort on native Windows: the DirectML plugin (python -m pip install tensorflow-cpu "
                    "tensorflow-directml-plugin), which uses DirectX 12 rather than CUDA");
    // The CPU-only verdict (F701) for this same install is this, seen from Windows.
    x.explains.push_back("F701");
    out.push_back(std::move(x));
  }
}

}  // namespace gpudoctor::rules
