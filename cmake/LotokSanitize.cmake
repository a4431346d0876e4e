# Sanitizer and fuzzing builds, for the whole tree (included before any target exists, so
# every library a test or a fuzz target links is instrumented too).
#
#   LOTOK_SANITIZE  ;-list of sanitizers, e.g. "address;undefined" (preset `asan`, `fuzz`).
#                   Any report stops the process (no recovery), so a test cannot pass over it.
#   LOTOK_FUZZ      the libFuzzer targets under fuzz/ (clang only; preset `fuzz`).
set(LOTOK_SANITIZE "" CACHE STRING "Sanitizers for every target (e.g. address;undefined)")
option(LOTOK_FUZZ "Build the libFuzzer targets in fuzz/ (clang)" OFF)

if(LOTOK_SANITIZE)
  list(JOIN LOTOK_SANITIZE "," _lotok_sanitizers)
  add_compile_options(-fsanitize=${_lotok_sanitizers} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${_lotok_sanitizers})
endif()

if(LOTOK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LOTOK_FUZZ needs clang (libFuzzer); use the `fuzz` preset")
  endif()
  # Coverage instrumentation everywhere; only the fuzz executables link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_custom_target(lotok_fuzz)
endif()

# lotok_add_fuzz_target(NAME SOURCES ... [LIBS ...]): the libFuzzer executable fuzz_NAME.
# Its seeds are fuzz/corpus/NAME/, its dictionary fuzz/dict/NAME.dict when there is one
# (scripts/fuzz.sh finds both by the name).
function(lotok_add_fuzz_target name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  set(target fuzz_${name})
  add_executable(${target} ${ARG_SOURCES})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  lotok_warnings(${target})
  add_dependencies(lotok_fuzz ${target})
endfunction()

# With LOTOK_SANITIZE, the fixture `lotok_sanitizer` wraps a test run: its setup empties the
# report directory, its cleanup fails the run when any process (a test, or a lotokd child
# it started) left a report there, which no test's own output would show. The `asan` test
# preset points ASan's and UBSan's log_path into it. Every test requires the fixture
# (lotok_add_test), and so do the given tests (the `lotok_pg` cluster's setup and cleanup:
# catch_discover_tests cannot pass a second fixture name, so cases that need the cluster
# reach `lotok_sanitizer` through it, and its report check runs after the cluster stopped).
set(LOTOK_SANITIZER_REPORT_DIR "${CMAKE_BINARY_DIR}/sanitizer-reports")
function(lotok_add_sanitizer_fixture)
  if(NOT LOTOK_SANITIZE)
    return()
  endif()
  foreach(mode reset check)
    add_test(NAME lotok_sanitizer_${mode}
      COMMAND ${CMAKE_COMMAND} -DMODE=${mode} -DDIR=${LOTOK_SANITIZER_REPORT_DIR}
              -P ${PROJECT_SOURCE_DIR}/cmake/CheckSanitizerReports.cmake)
  endforeach()
  set_tests_properties(lotok_sanitizer_reset PROPERTIES FIXTURES_SETUP lotok_sanitizer)
  set_tests_properties(lotok_sanitizer_check PROPERTIES FIXTURES_CLEANUP lotok_sanitizer)
  if(ARGN)
    set_tests_properties(${ARGN} PROPERTIES FIXTURES_REQUIRED lotok_sanitizer)
  endif()
endfunction()
