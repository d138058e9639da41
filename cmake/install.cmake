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
