# lotok_add_service(NAME SOURCES ...): one static library per service, linking only the
# platform and the shared contract library. Its migrations/*.sql become a function
# lotok::services::<name>::migrations(). A service's include path is its own folder only, so
# including another service's header does not even compile.
function(lotok_add_service name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  set(target lotok_service_${name})
  file(GLOB migration_files CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/migrations/*.sql")
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/${name}_migrations.cpp")
  add_custom_command(
    OUTPUT "${generated}"
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${generated}" "-DNAMESPACE=lotok::services::${name}"
            "-DFILES=${migration_files}" -P "${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake"
    DEPENDS ${migration_files} "${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake"
    COMMENT "Embedding ${name} migrations"
    VERBATIM)
  add_library(${target} STATIC ${ARG_SOURCES} "${generated}")
  target_include_directories(${target} PUBLIC "${CMAKE_CURRENT_SOURCE_DIR}")
  target_link_libraries(${target} PUBLIC lotok::platform)
  lotok_warnings(${target})
  add_library(lotok::service::${name} ALIAS ${target})
  install(DIRECTORY migrations/ DESTINATION ${CMAKE_INSTALL_DATADIR}/lotok/migrations/${name}
          COMPONENT server FILES_MATCHING PATTERN "*.sql")
endfunction()
