# CPACK_PROJECT_CONFIG_FILE: read by cpack once per generator, after CPackConfig.cmake.
# Linux packages carry both components, one package each; the Windows installer and the
# macOS disk image carry the desktop app only (lotokd is packaged for Linux).

if(CPACK_GENERATOR STREQUAL "DEB")
  # Each package's Description starts with its own synopsis (the component description's
  # first line), not the project-wide summary CPack would prepend.
  unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
elseif(CPACK_GENERATOR STREQUAL "NSIS" OR CPACK_GENERATOR STREQUAL "NSIS64")
  set(CPACK_COMPONENTS_ALL desktop)
  set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
  set(CPACK_PACKAGE_FILE_NAME "Lotok-${CPACK_PACKAGE_VERSION}-win64")
  set(CPACK_COMPONENT_DESKTOP_DESCRIPTION "The Lotok shop desktop app.")
elseif(CPACK_GENERATOR STREQUAL "DragNDrop")
  set(CPACK_COMPONENTS_ALL desktop)
  set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
  set(CPACK_PACKAGE_FILE_NAME "Lotok-${CPACK_PACKAGE_VERSION}-macos")
  set(CPACK_PACKAGE_ICON "${CPACK_LOTOK_MACOS_ICON}")
endif()
