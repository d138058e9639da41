#pragma once
// Facts for the --deep tests: the healthy H100 machine with one TensorFlow install whose
// libraries all come from its wheels, and live outcomes to attach to it.
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>

#include "rules/facts_fixture.hpp"

namespace gdtest {

inline gpudoctor::facts::FrameworkInstall healthy_tf_install() {
  gpudoctor::facts::FrameworkInstall t;
  t.framework = "tensorflow";
  t.distribution = "tensorflow";
  t.version = "2.15.1";
  t.distributions = {"tensorflow 2.15.1"};
  t.env_prefix = "/root/venvs/a";
  t.env_kind = "venv";
  t.python_version = "3.11";
  t.python_tag = "3.11";
  t.site_packages = "/root/venvs/a/lib/python3.11/site-packages";
  t.build = "cuda";
  t.build_source = "build_info.py";
  t.cuda_version = "12.2";
  t.cudnn_version = "8";
  t.and_cuda_extra = "and-cuda";
  t.compute_capabilities = {"sm_60", "sm_70", "sm_80", "sm_90", "compute_90"};
  std::string w = t.site_packages + "/nvidia/";
  for (auto [id, so, dir, ver] : {std::tuple{"cudart", "libcudart.so.12", "cuda_runtime", "12.2.140"},
                                  std::tuple{"cublas", "libcublas.so.12", "cublas", "12.2.5.6"},
                                  std::tuple{"cudnn", "libcudnn.so.8", "cudnn", "8.9.4.25"}}) {
    gpudoctor::facts::FrameworkLib l;
    l.id = id;
    l.soname = so;
    l.path = w + dir + "/lib/" + so;
    l.version = ver;
    l.found_via = "RUNPATH $ORIGIN/../nvidia/x/lib";
    l.from_wheel = true;
    t.libraries.push_back(l);
  }
  t.ptxas = w + "cuda_nvcc/bin/ptxas";
  t.libdevice = w + "cuda_nvcc/nvvm/libdevice/libdevice.10.bc";
  return t;
}

// The healthy machine with this install (and no other framework).
inline gpudoctor::facts::Facts deep_machine(const gpudoctor::facts::FrameworkInstall& inst) {
  auto f = healthy();
  f.frameworks.installs = {inst};
  f.frameworks.deep.clear();
  return f;
}

inline gpudoctor::facts::DeepCheck deep_of(const gpudoctor::facts::FrameworkInstall& inst, std::string status) {
  gpudoctor::facts::DeepCheck c;
  c.framework = inst.framework;
  c.version = inst.version;
  c.env_prefix = inst.env_prefix;
  c.python = inst.env_prefix + "/bin/python3";
  c.status = std::move(status);
  c.timeout_s = 60;
  c.elapsed_s = 8.4;
  c.exit_code = 0;
  return c;
}

// What TensorFlow 2.15.1 really printed on the CI machine (no GPU, no CUDA 12 libraries).
inline std::string tf215_log() {
  std::ifstream in(std::string(GD_FIXTURES) + "/deep/tf215_no_gpu_stderr.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline gpudoctor::facts::DeepCheck tf_sees_gpu(const gpudoctor::facts::FrameworkInstall& inst) {
  auto c = deep_of(inst, "ok");
  c.import_s = 3.2;
  c.gpu_count = 1;
  c.devices = {"/physical_device:GPU:0"};
  c.matmul_device = "/job:localhost/replica:0/task:0/device:GPU:0";
  return c;
}

inline gpudoctor::facts::DeepCheck tf_sees_no_gpu(const gpudoctor::facts::FrameworkInstall& inst) {
  auto c = deep_of(inst, "ok");
  c.import_s = 7.9;
  c.gpu_count = 0;
  c.matmul_device = "/job:localhost/replica:0/task:0/device:CPU:0";
  c.log = tf215_log();
  return c;
}

}  // namespace gdtest
