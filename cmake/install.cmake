# Installing gpudoctor: the wheel (scikit-build-core sets SKBUILD), `cmake --install` and the
# Debian package all install the one executable; debug symbols go to a separate file.

# Version, knowledge-base date and commit for --version. The commit is read at configure time
# (GPUDOCTOR_COMMIT overrides it, e.g. for a build from an sdist without .git).
if(NOT DEFINED GPUDOCTOR_COMMIT)
  execute_process(COMMAND git -C ${CMAKE_SOURCE_DIR} rev-parse --short=12 HEAD
                  OUTPUT_VARIABLE GPUDOCTOR_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT GPUDOCTOR_COMMIT)
    set(GPUDOCTOR_COMMIT "unknown")
  endif()
endif()
target_compile_definitions(gpudoctor PRIVATE GPUDOCTOR_COMMIT="${GPUDOCTOR_COMMIT}")

# gpudoctor.debug beside the binary (objcopy --only-keep-debug + a debuglink), so the installed,
# stripped executable stays small and a crash can still be symbolised.
option(GPUDOCTOR_SPLIT_DEBUG "keep debug symbols in a separate gpudoctor.debug" ON)
if(GPUDOCTOR_SPLIT_DEBUG AND CMAKE_OBJCOPY AND NOT CMAKE_BUILD_TYPE STREQUAL "Release")
  add_custom_command(TARGET gpudoctor POST_BUILD
    COMMAND ${CMAKE_OBJCOPY} --only-keep-debug $<TARGET_FILE:gpudoctor> $<TARGET_FILE:gpudoctor>.debug
    COMMAND ${CMAKE_OBJCOPY} --add-gnu-debuglink=$<TARGET_FILE:gpudoctor>.debug $<TARGET_FILE:gpudoctor>
    WORKING_DIRECTORY $<TARGET_FILE_DIR:gpudoctor>
    COMMENT "splitting debug symbols into gpudoctor.debug" VERBATIM)
endif()

if(SKBUILD)
  install(TARGETS gpudoctor RUNTIME DESTINATION ${SKBUILD_SCRIPTS_DIR})
else()
  include(GNUInstallDirs)
  install(TARGETS gpudoctor RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()

# A Debian package from the same build, for admins who install with apt:
#   cmake --build build && (cd build && cpack -G DEB)   ->  build/gpudoctor_<version>_<arch>.deb
# Its run-time dependencies (libfmt, libre2, libc) come from dpkg-shlibdeps.
if(NOT SKBUILD)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(FILES ${CMAKE_BINARY_DIR}/changelog.Debian.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(FILES ${CMAKE_BINARY_DIR}/gpudoctor.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  # gzip -9n: no timestamp or name in the header, as Debian policy asks.
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/changelog.Debian.gz ${CMAKE_BINARY_DIR}/gpudoctor.1.gz
    COMMAND gzip -9n -c ${CMAKE_SOURCE_DIR}/packaging/debian/changelog > ${CMAKE_BINARY_DIR}/changelog.Debian.gz
    COMMAND gzip -9n -c ${CMAKE_SOURCE_DIR}/packaging/debian/gpudoctor.1 > ${CMAKE_BINARY_DIR}/gpudoctor.1.gz
    DEPENDS ${CMAKE_SOURCE_DIR}/packaging/debian/changelog ${CMAKE_SOURCE_DIR}/packaging/debian/gpudoctor.1)
  add_custom_target(gpudoctor_package_docs ALL
    DEPENDS ${CMAKE_BINARY_DIR}/changelog.Debian.gz ${CMAKE_BINARY_DIR}/gpudoctor.1.gz)
  set(CPACK_GENERATOR DEB)
  set(CPACK_PACKAGE_NAME gpudoctor)
  set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
  set(CPACK_PACKAGE_CONTACT "gpudoctor maintainers <maintainers@gpudoctor.invalid>")
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "diagnose why a GPU is not used by TensorFlow, PyTorch or JAX")
  set(CPACK_PACKAGE_DESCRIPTION "gpudoctor reads the PCI bus, the NVIDIA driver, device nodes, containers,
every CUDA library the loader or a framework could pick, the CUDA toolkit and the
Python environments, and names the root cause with evidence and the exact fix.")
  set(CPACK_DEBIAN_PACKAGE_SECTION utils)
  set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_STRIP_FILES ON)
  set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
      WORLD_READ WORLD_EXECUTE)
  include(CPack)
endif()
