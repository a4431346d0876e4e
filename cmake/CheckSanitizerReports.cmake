# cmake -P script for the `lotok_sanitizer` test fixture (cmake/LotokSanitize.cmake).
#   MODE=reset  empties DIR, the log_path directory of ASan and UBSan
#   MODE=check  fails, printing them, when reports are in DIR: a lotokd child's report lands
#               there, where no test's output would show it
if(MODE STREQUAL "reset")
  file(REMOVE_RECURSE "${DIR}")
  file(MAKE_DIRECTORY "${DIR}")
  return()
endif()
file(GLOB reports "${DIR}/*")
if(NOT reports)
  message(STATUS "no sanitizer reports in ${DIR}")
  return()
endif()
foreach(report IN LISTS reports)
  file(READ "${report}" text)
  message("==== ${report}\n${text}")
endforeach()
list(LENGTH reports count)
message(FATAL_ERROR "${count} sanitizer report(s) in ${DIR}")
