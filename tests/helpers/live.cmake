# Fake driver libraries for tests/live (never installed, never linked by gpudoctor): each
# lands under <build>/fakes/<dir>/ with the file name and SONAME the real one has, so a
# child run with LD_LIBRARY_PATH=<that dir> loads it exactly as it would load the driver's.

# gd_fake_library(<target> <source> <dir> <file name> [compile definitions...])
function(gd_fake_library target source dir file)
  add_library(${target} SHARED ${CMAKE_SOURCE_DIR}/tests/helpers/${source})
  set_target_properties(${target} PROPERTIES
    PREFIX "" OUTPUT_NAME "${file}" SUFFIX ""
    LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fakes/${dir}
    NO_SONAME ON)
  target_link_options(${target} PRIVATE "-Wl,-soname,${file}")
  target_compile_options(${target} PRIVATE ${GD_WARNINGS})
  if(ARGN)
    target_compile_definitions(${target} PRIVATE ${ARGN})
  endif()
  add_dependencies(gpudoctor_tests ${target})
endfunction()

gd_fake_library(gd_fake_cuda fake_cuda.cpp cuda libcuda.so.1)
gd_fake_library(gd_fake_nvml fake_nvml.cpp nvml libnvidia-ml.so.1)
gd_fake_library(gd_fake_nvml_r535 fake_nvml.cpp nvml_r535 libnvidia-ml.so.1 GD_FAKE_NVML_R535)
gd_fake_library(gd_fake_cublaslt fake_cublaslt.cpp cublaslt libcublasLt.so.99)

target_compile_definitions(gpudoctor_tests PRIVATE
  GD_FAKES_DIR="${CMAKE_BINARY_DIR}/fakes"
  GD_KERNELS_DIR="${CMAKE_SOURCE_DIR}/kernels")
find_program(GD_LIVE_PTXAS ptxas HINTS /usr/local/cuda/bin)
if(GD_LIVE_PTXAS)
  target_compile_definitions(gpudoctor_tests PRIVATE GD_PTXAS="${GD_LIVE_PTXAS}")
endif()
find_program(GD_LIVE_NVCC nvcc HINTS /usr/local/cuda/bin)
if(GD_LIVE_NVCC)
  target_compile_definitions(gpudoctor_tests PRIVATE GD_NVCC="${GD_LIVE_NVCC}")
endif()
