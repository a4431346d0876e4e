# cmake -P script: turns a service's migrations/NNN_name.sql files into a C++ source that
# returns them as lotok::db::Migration values, so lotokd carries its schema with it.
# Inputs: OUTPUT, NAMESPACE (the function is NAMESPACE::migrations()), FILES (;-separated).
list(SORT FILES)
set(body "")
foreach(file IN LISTS FILES)
  get_filename_component(name "${file}" NAME_WE)
  string(REGEX MATCH "^([0-9]+)_(.*)$" matched "${name}")
  if(NOT matched)
    message(FATAL_ERROR "migration file name must be NNN_description.sql: ${file}")
  endif()
  set(version "${CMAKE_MATCH_1}")
  string(REPLACE "_" " " description "${CMAKE_MATCH_2}")
  string(REGEX REPLACE "^0+([0-9])" "\\1" version "${version}")
  file(READ "${file}" sql)
  string(APPEND body "        {${version}, \"${description}\", R\"lotok_sql(${sql})lotok_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from migrations/*.sql by cmake/EmbedMigrations.cmake. Do not edit.
#include \"db/Migration.h\"

#include <vector>

namespace ${NAMESPACE} {

std::vector<lotok::db::Migration> migrations() {
    return {
${body}    };
}

} // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
