#include "probe/library_specs.hpp"

namespace gpudoctor::probe {
namespace {

using V = VersionSource;

// Toolkit libraries: a versioned file name from the runfile, else the wheel
// that installed it, else the toolkit's version.json, else the major.
const std::vector<VersionSource> kToolkitOrder = {V::kFileName, V::kDistInfo, V::kVersionJson, V::kSonameMajor};

std::vector<LibrarySpec> build() {
  std::vector<LibrarySpec> s;
  // Driver libraries carry their version only in the file name (libcuda.so.550.54.15). Their
  // SONAME major (the "1" of libcuda.so.1) is an ABI number, never a driver version, and their
  // .rodata holds other drivers' version strings (compatibility tables), so neither is read:
  // an unversioned copy is matched by its bytes against the versioned files beside it, else
  // its version stays unknown.
  s.push_back({"libcuda", "CUDA driver (libcuda)", "libcuda", {"libcuda.so.1"}, {"libcuda.so"}, true,
               {V::kFileName, V::kSameBytes}, {}, "", "", {}});
  s.push_back({"nvml", "NVML (libnvidia-ml)", "libnvidia-ml", {"libnvidia-ml.so.1"}, {"libnvidia-ml.so"}, true,
               {V::kFileName, V::kSameBytes}, {}, "", "", {}});
  s.push_back({"cudart", "CUDA runtime (cudart)", "libcudart",
               {"libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0", "libcudart.so.10.2", "libcudart.so.10.1",
                "libcudart.so.10.0"},
               {},
               false,
               // cuda_runtime_api.h only says major.minor, so it comes after the precise sources.
               {V::kFileName, V::kDistInfo, V::kVersionJson, V::kHeader, V::kSonameMajor},
               {{"cuda_runtime_api.h", HeaderKind::kCudart}},
               "cuda_cudart",
               "",
               {"nvidia_cuda_runtime"}});
  s.push_back({"cublas", "cuBLAS", "libcublas", {"libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so.10"},
               {}, false, kToolkitOrder, {}, "libcublas", "", {"nvidia_cublas"}});
  s.push_back({"cublasLt", "cuBLASLt", "libcublasLt",
               {"libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11", "libcublasLt.so.10"}, {}, false,
               kToolkitOrder, {}, "libcublas", "", {"nvidia_cublas"}});
  s.push_back({"cufft", "cuFFT", "libcufft", {"libcufft.so.12", "libcufft.so.11", "libcufft.so.10"}, {}, false,
               kToolkitOrder, {}, "libcufft", "", {"nvidia_cufft"}});
  s.push_back({"curand", "cuRAND", "libcurand", {"libcurand.so.10"}, {}, false, kToolkitOrder, {}, "libcurand", "",
               {"nvidia_curand"}});
  s.push_back({"cusolver", "cuSOLVER", "libcusolver", {"libcusolver.so.12", "libcusolver.so.11", "libcusolver.so.10"},
               {}, false, kToolkitOrder, {}, "libcusolver", "", {"nvidia_cusolver"}});
  s.push_back({"cusparse", "cuSPARSE", "libcusparse", {"libcusparse.so.12", "libcusparse.so.11", "libcusparse.so.10"},
               {}, false, kToolkitOrder, {}, "libcusparse", "", {"nvidia_cusparse"}});
  // cuDNN's header is the version users and frameworks quote (9.19.0); the
  // wheel adds a build number (9.19.0.56), so the header goes first.
  s.push_back({"cudnn", "cuDNN", "libcudnn", {"libcudnn.so.9", "libcudnn.so.8", "libcudnn.so.7"}, {}, false,
               {V::kFileName, V::kHeader, V::kDistInfo, V::kSonameMajor},
               {{"cudnn_version_v{major}.h", HeaderKind::kCudnn},
                {"cudnn_version.h", HeaderKind::kCudnn},
                {"cudnn_v{major}.h", HeaderKind::kCudnn},
                {"cudnn.h", HeaderKind::kCudnn}},
               "",
               "",
               {"nvidia_cudnn"}});
  // NCCL's own banner is the best witness; nccl.h next to it the second best.
  s.push_back({"nccl", "NCCL", "libnccl", {"libnccl.so.2"}, {}, false,
               {V::kFileName, V::kRodata, V::kHeader, V::kDistInfo, V::kSonameMajor},
               {{"nccl.h", HeaderKind::kNccl}}, "", "NCCL version ", {"nvidia_nccl"}});
  s.push_back({"nvrtc", "NVRTC", "libnvrtc",
               {"libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so.11.1", "libnvrtc.so.11.0"}, {}, false,
               kToolkitOrder, {}, "cuda_nvrtc", "", {"nvidia_cuda_nvrtc"}});
  s.push_back({"nvjitlink", "nvJitLink", "libnvJitLink", {"libnvJitLink.so.13", "libnvJitLink.so.12"}, {}, false,
               kToolkitOrder, {}, "libnvjitlink", "", {"nvidia_nvjitlink"}});
  s.push_back({"tensorrt", "TensorRT (libnvinfer)", "libnvinfer",
               {"libnvinfer.so.10", "libnvinfer.so.9", "libnvinfer.so.8", "libnvinfer.so.7"}, {}, false,
               {V::kFileName, V::kHeader, V::kDistInfo, V::kSonameMajor},
               {{"NvInferVersion.h", HeaderKind::kTensorRt}}, "", "", {"tensorrt"}});
  return s;
}

}  // namespace

const std::vector<LibrarySpec>& library_specs() {
  static const std::vector<LibrarySpec> specs = build();
  return specs;
}

}  // namespace gpudoctor::probe
