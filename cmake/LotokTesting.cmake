# lotok_add_test(NAME SOURCES ... [LIBS ...] [NEEDS_PG]): a Catch2 executable with the
# project's test main, registered with catch_discover_tests. NEEDS_PG makes every case
# require the `lotok_pg` fixture (the private PostgreSQL cluster of the test run). In a
# sanitizer build every case is inside the `lotok_sanitizer` fixture (directly, or through
# `lotok_pg`; see cmake/LotokSanitize.cmake).
function(lotok_add_test name)
  cmake_parse_arguments(ARG "NEEDS_PG" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE lotok_test_support ${ARG_LIBS})
  if(name MATCHES "^e2e_")
    add_dependencies(lotok_e2e ${name})
  endif()
  lotok_warnings(${name})
  set(properties "")
  if(ARG_NEEDS_PG)
    list(APPEND properties FIXTURES_REQUIRED lotok_pg)
  elseif(LOTOK_SANITIZE)
    list(APPEND properties FIXTURES_REQUIRED lotok_sanitizer)
  endif()
  if(ARG_TIMEOUT)
    list(APPEND properties TIMEOUT ${ARG_TIMEOUT})
  endif()
  catch_discover_tests(${name} TEST_PREFIX "${name}." PROPERTIES ${properties})
endfunction()
