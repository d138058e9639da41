# Fat-binary samples for tests/parse/fatbin_test.cpp: when nvcc is installed,
# build tests/fixtures/fatbin/kernel.cu for several targets so the parser is
# checked against fresh toolkit output (and against cuobjdump when present).
# Without nvcc the test skips those cases and still runs on the checked-in
# tests/fixtures/fatbin/libgdsample.so.
find_program(GD_NVCC nvcc HINTS /usr/local/cuda/bin)
find_program(GD_CUOBJDUMP cuobjdump HINTS /usr/local/cuda/bin)

set(GD_FATBIN_DIR ${CMAKE_BINARY_DIR}/fatbin_samples)
set(GD_FATBIN_SRC ${CMAKE_SOURCE_DIR}/tests/fixtures/fatbin/kernel.cu)
set(GD_FATBIN_OUTPUTS "")

# gd_fatbin_sample(<file name> <nvcc args>...)
function(gd_fatbin_sample name)
  set(out ${GD_FATBIN_DIR}/${name})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${GD_FATBIN_DIR}
    COMMAND ${GD_NVCC} -Xcompiler -fPIC -cudart none ${ARGN} -o ${out} ${GD_FATBIN_SRC}
    DEPENDS ${GD_FATBIN_SRC}
    COMMENT "nvcc: fatbin sample ${name}"
    VERBATIM)
  set(GD_FATBIN_OUTPUTS ${GD_FATBIN_OUTPUTS} ${out} PARENT_SCOPE)
endfunction()

if(GD_NVCC)
  execute_process(COMMAND ${GD_NVCC} --version OUTPUT_VARIABLE GD_NVCC_VERSION ERROR_QUIET)
  string(REGEX MATCH "release ([0-9]+\\.[0-9]+)" _ "${GD_NVCC_VERSION}")
  set(GD_NVCC_VERSION "${CMAKE_MATCH_1}")
  # code=sm_90 plus code=compute_90 is nvcc's code=[sm_90,compute_90], spelled
  # without brackets so no shell sees a glob.
  gd_fatbin_sample(multi.so -shared
    -gencode arch=compute_75,code=sm_75 -gencode arch=compute_80,code=sm_80
    -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90)
  gd_fatbin_sample(ptx_only.so -shared -gencode arch=compute_80,code=compute_80)
  gd_fatbin_sample(compressed.so -shared -Xfatbin -compress-all
    -gencode arch=compute_75,code=sm_75 -gencode arch=compute_86,code=sm_86
    -gencode arch=compute_86,code=compute_86)
  # "a" (arch-specific) and "f" (family) targets set entry flag bits; "f"
  # targets need nvcc 12.9 or newer.
  if(GD_NVCC_VERSION VERSION_GREATER_EQUAL 12.9)
    gd_fatbin_sample(suffixed.so -shared
      -gencode arch=compute_90a,code=sm_90a -gencode arch=compute_100f,code=sm_100f
      -gencode arch=compute_100a,code=compute_100a)
  endif()
  # Relocatable device code keeps its fatbin in __nv_relfatbin.
  gd_fatbin_sample(rdc.o -rdc=true -c
    -gencode arch=compute_80,code=sm_80 -gencode arch=compute_80,code=compute_80)
  add_custom_target(gd_fatbin_samples DEPENDS ${GD_FATBIN_OUTPUTS})
  add_dependencies(gpudoctor_tests gd_fatbin_samples)
  target_compile_definitions(gpudoctor_tests PRIVATE GD_FATBIN_SAMPLES_DIR="${GD_FATBIN_DIR}")
endif()
if(GD_CUOBJDUMP)
  target_compile_definitions(gpudoctor_tests PRIVATE GD_CUOBJDUMP="${GD_CUOBJDUMP}")
endif()
