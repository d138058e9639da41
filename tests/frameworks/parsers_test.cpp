// Parsers of the framework probe, on plain strings (ugly cases included).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "parse/build_info_py.hpp"
#include "parse/py_literal.hpp"
#include "parse/python_metadata.hpp"
#include "parse/pyvenv_cfg.hpp"
#include "parse/torch_version_py.hpp"

using namespace gpudoctor::parse;

namespace {
std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
}  // namespace

TEST(FrameworkBuildInfo, RealTf2151WheelOrderedDictList) {
  auto bi = parse_tf_build_info(slurp(GD_FIXTURES "/site-packages/build_info_tf215.py"));
  ASSERT_TRUE(bi) << bi.error;
  EXPECT_EQ(bi->form, "OrderedDict");
  EXPECT_TRUE(*bi->is_cuda_build);
  EXPECT_FALSE(*bi->is_rocm_build);
  EXPECT_EQ(bi->cuda_version, "12.2");
  EXPECT_EQ(bi->cudnn_version, "8");
  EXPECT_EQ(bi->compute_capabilities,
            (std::vector<std::string>{"sm_50", "sm_60", "sm_70", "sm_75", "compute_80"}));
  EXPECT_FALSE(bi->windows);
}

TEST(FrameworkBuildInfo, Python312ReprOfOrderedDictWithDict) {
  auto bi = parse_tf_build_info(
      "import collections\nbuild_info = OrderedDict({'cpu_compiler': '/usr/lib/llvm-17/bin/clang', "
      "'cuda_compute_capabilities': ['sm_50', 'sm_60', 'sm_70', 'sm_80', 'compute_90'], 'cuda_version': '12.3', "
      "'cudnn_version': '8', 'is_cuda_build': True, 'is_rocm_build': False, 'is_tensorrt_build': True})");
  ASSERT_TRUE(bi) << bi.error;
  EXPECT_EQ(bi->cuda_version, "12.3");
  EXPECT_EQ(bi->compute_capabilities.back(), "compute_90");
}

TEST(FrameworkBuildInfo, WindowsPlainDictWithDllSuffixVersionsAndCrlf) {
  auto bi = parse_tf_build_info(
      "from __future__ import absolute_import\r\nbuild_info = {'cuda_version': '64_101', 'cudnn_version': '64_7',\r\n"
      " 'cuda_compute_capabilities': ['sm_35', 'sm_37', 'compute_70'], 'is_rocm_build': False, 'is_cuda_build': True,"
      " 'msvcp_dll_names': 'msvcp140.dll,msvcp140_1.dll', 'cudart_dll_name': 'cudart64_101.dll'}");
  ASSERT_TRUE(bi) << bi.error;
  EXPECT_EQ(bi->form, "dict");
  EXPECT_TRUE(bi->windows);
  EXPECT_EQ(bi->cuda_version, "10.1");
  EXPECT_EQ(bi->cudnn_version, "7");
}

TEST(FrameworkBuildInfo, WindowsCpuBuildHasNoCudaKeys) {
  auto bi = parse_tf_build_info(
      "build_info = collections.OrderedDict([('is_cuda_build', False), ('is_rocm_build', False), "
      "('is_tensorrt_build', False), ('msvcp_dll_names', 'msvcp140.dll,msvcp140_1.dll')])");
  ASSERT_TRUE(bi) << bi.error;
  EXPECT_FALSE(*bi->is_cuda_build);
  EXPECT_TRUE(bi->cuda_version.empty());
}

TEST(FrameworkBuildInfo, Tf1ModuleAssignmentsWithoutTrailingNewline) {
  auto bi = parse_tf_build_info("is_cuda_build = True\ncuda_version_number = '10.0'\ncudnn_version_number = '7'");
  ASSERT_TRUE(bi) << bi.error;
  EXPECT_EQ(bi->form, "assignments");
  EXPECT_EQ(bi->cuda_version, "10.0");
}

TEST(FrameworkBuildInfo, GarbageAndNulBytesFail) {
  EXPECT_FALSE(parse_tf_build_info(std::string("build_info = collections.OrderedDict([('a'\0, 1", 44)));
  EXPECT_FALSE(parse_tf_build_info("print('hello')\n"));
}

// Known failure at the end of the first session; see the issue note.
TEST(FrameworkPyLiteral, NestedAndAnnotated) {
  auto a = parse_py_assignments("x: Optional[str] = '12.1'\ny = [('a', [1, 2]), \"b\"]\n  z = 1\n");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].second.text, "12.1");
  EXPECT_EQ(a[1].second.items.size(), 2u);
}

TEST(FrameworkTorchVersion, CudaCpuAndOldForms) {
  auto t = parse_torch_version_py(
      "from typing import Optional\n__all__ = ['__version__']\n__version__ = '2.4.0+cu118'\ndebug = False\n"
      "cuda: Optional[str] = '11.8'\ngit_version = 'e4ee3be4'\nhip: Optional[str] = None\n");
  ASSERT_TRUE(t) << t.error;
  EXPECT_EQ(t->local_tag, "cu118");
  EXPECT_EQ(t->cuda, "11.8");
  EXPECT_TRUE(t->hip.empty());
  auto cpu = parse_torch_version_py("__version__ = '2.6.0+cpu'\ncuda: Optional[str] = None\n");
  ASSERT_TRUE(cpu);
  EXPECT_TRUE(cpu->cuda.empty());
  auto old = parse_torch_version_py("__version__ = '1.13.1+cu117'\r\ndebug = False\r\ncuda = '11.7'\r\nhip = None");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->cuda, "11.7");
  EXPECT_EQ(cuda_from_torch_tag("cu121"), "12.1");
  EXPECT_EQ(cuda_from_torch_tag("cu92"), "9.2");
  EXPECT_EQ(cuda_from_torch_tag("cpu"), "");
  EXPECT_FALSE(parse_torch_version_py("cuda = '12.1'\n"));
}

TEST(FrameworkPyvenvCfg, VenvVirtualenvAndUv) {
  auto v = parse_pyvenv_cfg("home = /root/.pyenv/versions/3.11.7/bin\ninclude-system-site-packages = false\n"
                            "version = 3.11.7\nexecutable = /root/.pyenv/versions/3.11.7/bin/python3.11\n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->version, "3.11.7");
  EXPECT_EQ(v->home, "/root/.pyenv/versions/3.11.7/bin");
  auto ve = parse_pyvenv_cfg("home = /usr/bin\r\nimplementation = CPython\r\nvirtualenv = 20.25.0\r\n"
                             "include-system-site-packages = true\r\nversion_info = 3.12.1.final.0");
  ASSERT_TRUE(ve);
  EXPECT_EQ(ve->version, "3.12.1");
  EXPECT_TRUE(ve->include_system_site_packages);
  EXPECT_EQ(ve->creator, "virtualenv 20.25.0");
  EXPECT_FALSE(parse_pyvenv_cfg(""));
}

TEST(FrameworkCoreMetadata, RequiresDistExtrasAndContinuationLines) {
  auto m = parse_core_metadata(
      "Metadata-Version: 2.1\r\nName: tensorflow\r\nVersion: 2.15.1\r\nRequires-Python: >=3.9\r\n"
      "Requires-Dist: nvidia-cudnn-cu12 (==8.9.4.25) ; extra == 'and-cuda'\r\n"
      "Requires-Dist: nvidia-cudnn-cu12<10.0,>=9.8; sys_platform == \"linux\" and extra == \"with-cuda\"\r\n"
      "Provides-Extra: and-cuda\r\nSummary: a\r\n  continued\r\n\r\nRequires-Dist: body-is-ignored\r\n");
  ASSERT_TRUE(m) << m.error;
  EXPECT_EQ(m->version, "2.15.1");
  ASSERT_EQ(m->requires_dist.size(), 2u);
  EXPECT_EQ(m->requires_dist[0].name, "nvidia-cudnn-cu12");
  EXPECT_EQ(pinned_version(m->requires_dist[0].specifier), "8.9.4.25");
  EXPECT_EQ(m->requires_dist[0].extra, "and-cuda");
  EXPECT_EQ(minimum_version(m->requires_dist[1].specifier), "9.8");
  EXPECT_EQ(m->requires_dist[1].extra, "with-cuda");
  EXPECT_EQ(m->provides_extra, std::vector<std::string>{"and-cuda"});
  EXPECT_FALSE(parse_core_metadata("Version: 1\n"));
}

TEST(FrameworkCoreMetadata, DirNamesAndWheelTags) {
  auto d = parse_dist_dir_name("tensorflow_cpu-2.15.1.dist-info");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->name, "tensorflow_cpu");
  EXPECT_EQ(d->version, "2.15.1");
  auto e = parse_dist_dir_name("torch-1.13.1-py3.10.egg-info");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->egg_info);
  EXPECT_EQ(e->version, "1.13.1");
  EXPECT_FALSE(parse_dist_dir_name("tensorflow"));
  EXPECT_EQ(wheel_python_tag("Wheel-Version: 1.0\nTag: cp311-cp311-manylinux_2_17_x86_64\n"), "3.11");
  EXPECT_EQ(wheel_python_tag("Tag: py3-none-any\n"), "");
  EXPECT_EQ(wheel_python_tag("Tag: cp39-abi3-manylinux2014_x86_64\n"), "");
}
