# Installers, with CPack. Included last by the top-level CMakeLists.txt.
#
#   Linux    DEB and RPM, one package per component:
#              lotok-server   lotokd, /etc/lotok/lotokd.conf, the systemd unit, migrations,
#                             lotokd(1); runs as the `lotok` system user in /var/lib/lotok,
#                             HTTPS on 443 with a certificate made at installation
#              lotok-desktop  lotok, its .desktop entry, hicolor icons, translations, lotok(1)
#   Windows  NSIS installer of the desktop app (windeployqt, Start-menu shortcut, uninstaller)
#   macOS    Lotok.app (Info.plist, icon, macdeployqt) in a drag-and-drop DMG
#
# The components are `server` and `desktop`. Install rules without a component (the
# desktop tree's own) stay out of every package: the desktop component is declared here.
# See packaging/README.md for the build steps on each system.

set(LOTOK_PACKAGING_DIR ${CMAKE_CURRENT_LIST_DIR})
set(LOTOK_PACKAGING_BINARY_DIR ${CMAKE_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${LOTOK_PACKAGING_BINARY_DIR})

set(LOTOK_LINUX_PACKAGES OFF)
if(UNIX AND NOT APPLE)
  set(LOTOK_LINUX_PACKAGES ON)
endif()

# Qt's deployment tools (windeployqt, macdeployqt): the imported target when Qt has one,
# else beside qmake. A value the user set wins.
macro(lotok_find_qt_tool var tool)
  if(NOT ${var})
    if(TARGET Qt6::${tool})
      get_target_property(${var} Qt6::${tool} IMPORTED_LOCATION)
    else()
      get_target_property(_lotok_qmake Qt6::qmake IMPORTED_LOCATION)
      get_filename_component(_lotok_qt_bin "${_lotok_qmake}" DIRECTORY)
      find_program(${var} ${tool} HINTS "${_lotok_qt_bin}")
    endif()
  endif()
endmacro()

set(LOTOK_PACKAGE_COMPONENTS)
if(TARGET lotokd)
  list(APPEND LOTOK_PACKAGE_COMPONENTS server)
endif()
if(TARGET lotok)
  list(APPEND LOTOK_PACKAGE_COMPONENTS desktop)
endif()

# --- Linux: documentation every Debian package carries ----------------------------------
# /usr/share/doc/<package>/{copyright,changelog.gz} and gzipped man pages (lintian wants
# them compressed with -9 and without a timestamp).
function(lotok_gzip_file input output)
  execute_process(COMMAND gzip -9nc "${input}" OUTPUT_FILE "${output}" RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip ${input} failed")
  endif()
endfunction()

function(lotok_install_package_docs component package)
  install(FILES ${LOTOK_PACKAGING_DIR}/linux/copyright
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
  install(FILES ${LOTOK_PACKAGING_BINARY_DIR}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endfunction()

function(lotok_install_man_page component page)
  configure_file(${LOTOK_PACKAGING_DIR}/linux/${page} ${LOTOK_PACKAGING_BINARY_DIR}/${page} @ONLY)
  lotok_gzip_file(${LOTOK_PACKAGING_BINARY_DIR}/${page} ${LOTOK_PACKAGING_BINARY_DIR}/${page}.gz)
  install(FILES ${LOTOK_PACKAGING_BINARY_DIR}/${page}.gz
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endfunction()

if(LOTOK_LINUX_PACKAGES)
  configure_file(${LOTOK_PACKAGING_DIR}/linux/changelog.in ${LOTOK_PACKAGING_BINARY_DIR}/changelog @ONLY)
  lotok_gzip_file(${LOTOK_PACKAGING_BINARY_DIR}/changelog ${LOTOK_PACKAGING_BINARY_DIR}/changelog.gz)
endif()

# --- server component (Linux only: the embedded cluster and the unit are Linux things) ---
# lotokd itself and the migrations are installed by server/ with COMPONENT server.
if(TARGET lotokd AND LOTOK_LINUX_PACKAGES)
  install(FILES ${LOTOK_PACKAGING_DIR}/linux/lotokd.conf
    DESTINATION /etc/lotok COMPONENT server)
  # /usr/lib/systemd/system: the place systemd and lintian (Debian) and Fedora agree on.
  install(FILES ${LOTOK_PACKAGING_DIR}/linux/lotokd.service
    ${LOTOK_PACKAGING_DIR}/linux/lotokd@.service
    DESTINATION lib/systemd/system COMPONENT server)
  # The HTTPS listener's first certificate, made at installation (postinst, %post) when
  # /etc/lotok/tls holds none; never run on the admin's own (docs/deployment.md, "TLS").
  install(PROGRAMS ${LOTOK_PACKAGING_DIR}/linux/tls/lotok-make-certificate
    DESTINATION libexec/lotok COMPONENT server)
  # The gateway of the split deployment (docs/deployment.md): a template to fill in.
  install(FILES ${LOTOK_PACKAGING_DIR}/nginx/lotok-gateway.conf
    DESTINATION /etc/lotok/nginx COMPONENT server)
  # Scrape config, alert rules and the Grafana dashboard (docs/operations.md): examples to
  # copy into the monitoring system, not configuration lotokd reads.
  install(FILES ${LOTOK_PACKAGING_DIR}/monitoring/prometheus.yml
    ${LOTOK_PACKAGING_DIR}/monitoring/lotok-alerts.yml
    ${LOTOK_PACKAGING_DIR}/monitoring/lotok-dashboard.json
    DESTINATION share/lotok/monitoring COMPONENT server)
  lotok_install_man_page(server lotokd.1)
  lotok_install_package_docs(server lotok-server)
endif()

# --- desktop component --------------------------------------------------------------------
if(TARGET lotok)
  set_target_properties(lotok PROPERTIES
    WIN32_EXECUTABLE ON
    MACOSX_BUNDLE ON
    MACOSX_BUNDLE_BUNDLE_NAME Lotok
    MACOSX_BUNDLE_GUI_IDENTIFIER example.lotok.desktop
    MACOSX_BUNDLE_BUNDLE_VERSION ${PROJECT_VERSION}
    MACOSX_BUNDLE_SHORT_VERSION_STRING ${PROJECT_VERSION}
    MACOSX_BUNDLE_INFO_STRING "Lotok ${PROJECT_VERSION}"
    MACOSX_BUNDLE_COPYRIGHT "© 2026 The Lotok authors"
    MACOSX_BUNDLE_ICON_FILE lotok.icns
    MACOSX_BUNDLE_INFO_PLIST ${LOTOK_PACKAGING_DIR}/macos/Info.plist.in)

  if(APPLE)
    # Lotok.app/Contents/{MacOS/Lotok, Resources/lotok.icns, Info.plist}
    set_target_properties(lotok PROPERTIES OUTPUT_NAME Lotok)
    target_sources(lotok PRIVATE ${LOTOK_PACKAGING_DIR}/macos/lotok.icns)
    set_source_files_properties(${LOTOK_PACKAGING_DIR}/macos/lotok.icns
      TARGET_DIRECTORY lotok PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
  elseif(WIN32)
    set(LOTOK_WINDOWS_ICON ${LOTOK_PACKAGING_DIR}/windows/lotok.ico)
    file(TO_CMAKE_PATH "${LOTOK_WINDOWS_ICON}" LOTOK_WINDOWS_ICON)
    configure_file(${LOTOK_PACKAGING_DIR}/windows/lotok.rc.in ${LOTOK_PACKAGING_BINARY_DIR}/lotok.rc @ONLY)
    target_sources(lotok PRIVATE ${LOTOK_PACKAGING_BINARY_DIR}/lotok.rc)
  endif()

  # The app, its translations, .desktop entry and icons are installed by desktop/.
  if(LOTOK_LINUX_PACKAGES)
    lotok_install_man_page(desktop lotok.1)
    lotok_install_package_docs(desktop lotok-desktop)

  elseif(WIN32)
    # Qt's DLLs, plugins (platforms, sqldrivers, imageformats, iconengines, styles, tls)
    # and Qt's own translations next to lotok.exe.
    lotok_find_qt_tool(WINDEPLOYQT_EXECUTABLE windeployqt)
    if(NOT WINDEPLOYQT_EXECUTABLE)
      message(WARNING "windeployqt not found: the NSIS installer will lack Qt's DLLs "
                      "(set WINDEPLOYQT_EXECUTABLE)")
    else()
      install(CODE "
        message(STATUS \"windeployqt: \${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/lotok.exe\")
        execute_process(
          COMMAND \"${WINDEPLOYQT_EXECUTABLE}\" --verbose 1 --no-compiler-runtime
                  --no-opengl-sw --no-system-d3d-compiler
                  \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/lotok.exe\"
          COMMAND_ERROR_IS_FATAL ANY)
        " COMPONENT desktop)
    endif()
    # DLLs that windeployqt does not know (qtkeychain, and whatever Qt itself links from a
    # package manager, such as zlib or ICU): copied from where the build found them.
    install(CODE [[
      file(GET_RUNTIME_DEPENDENCIES
        EXECUTABLES "$<TARGET_FILE:lotok>"
        RESOLVED_DEPENDENCIES_VAR lotok_dlls
        UNRESOLVED_DEPENDENCIES_VAR lotok_missing_dlls
        DIRECTORIES "$<TARGET_FILE_DIR:Qt6::Core>" "$<TARGET_FILE_DIR:Qt6Keychain::Qt6Keychain>"
        PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-"
        POST_EXCLUDE_REGEXES ".*[Ss]ystem32/.*\\.dll" ".*[Ww]in[Ss]x[Ss]/.*")
      if(lotok_missing_dlls)
        message(WARNING "lotok.exe: DLLs not found: ${lotok_missing_dlls}")
      endif()
      file(INSTALL ${lotok_dlls} DESTINATION "${CMAKE_INSTALL_PREFIX}/bin")
      ]] COMPONENT desktop)
    # The MSVC runtime (vcruntime, msvcp) for machines without the VC++ redistributable.
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_COMPONENT desktop)
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
    include(InstallRequiredSystemLibraries)

  elseif(APPLE)
    # Qt frameworks, plugins and other dylibs (qtkeychain) into Lotok.app, then an ad-hoc
    # signature, which Apple silicon needs after macdeployqt rewrote the load paths.
    lotok_find_qt_tool(MACDEPLOYQT_EXECUTABLE macdeployqt)
    if(NOT MACDEPLOYQT_EXECUTABLE)
      message(WARNING "macdeployqt not found: Lotok.app will lack Qt (set MACDEPLOYQT_EXECUTABLE)")
    else()
      install(CODE "
        message(STATUS \"macdeployqt: \${CMAKE_INSTALL_PREFIX}/Lotok.app\")
        execute_process(
          COMMAND \"${MACDEPLOYQT_EXECUTABLE}\" \"\${CMAKE_INSTALL_PREFIX}/Lotok.app\"
                  -always-overwrite -verbose=1
          COMMAND_ERROR_IS_FATAL ANY)
        execute_process(
          COMMAND codesign --force --deep --sign - \"\${CMAKE_INSTALL_PREFIX}/Lotok.app\"
          COMMAND_ERROR_IS_FATAL ANY)
        " COMPONENT desktop)
    endif()
  endif()
endif()

# --- CPack: common --------------------------------------------------------------------------
set(CPACK_PACKAGE_NAME lotok)
set(CPACK_PACKAGE_VENDOR "Lotok")
set(CPACK_PACKAGE_CONTACT "Lotok maintainers <maintainers@lotok.example>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VERSION_MAJOR ${PROJECT_VERSION_MAJOR})
set(CPACK_PACKAGE_VERSION_MINOR ${PROJECT_VERSION_MINOR})
set(CPACK_PACKAGE_VERSION_PATCH ${PROJECT_VERSION_PATCH})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Lotok online shop")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://lotok.example")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Lotok")
# Lotok is Apache-2.0: the NSIS and DMG generators show this file (CMake's own licence
# otherwise); the Linux packages carry packaging/linux/copyright instead.
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
  OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
# Per-generator settings (which components, file names): packaging/CPackOptions.cmake.
set(CPACK_PROJECT_CONFIG_FILE ${LOTOK_PACKAGING_DIR}/CPackOptions.cmake)
set(CPACK_GENERATOR DEB)

set(CPACK_COMPONENTS_ALL ${LOTOK_PACKAGE_COMPONENTS})
set(CPACK_COMPONENT_SERVER_DISPLAY_NAME "Lotok server (lotokd)")
# First line: the synopsis; the rest, wrapped for `apt show`, the extended description.
string(JOIN "\n" CPACK_COMPONENT_SERVER_DESCRIPTION
  "Lotok shop server"
  "lotokd runs the seven services of the Lotok shop (auth, user, order,"
  "stock, billing, delivery and notification) behind one REST and WebSocket"
  "API for the Lotok desktop app."
  ""
  "This package runs lotokd under systemd as the lotok system user, with its"
  "data in /var/lib/lotok: its own PostgreSQL cluster there, or any PostgreSQL"
  "database named in /etc/lotok/lotokd.conf.")
set(CPACK_COMPONENT_DESKTOP_DISPLAY_NAME "Lotok")
string(JOIN "\n" CPACK_COMPONENT_DESKTOP_DESCRIPTION
  "Lotok shop desktop app"
  "lotok is the Qt desktop client of the Lotok shop: customers browse the"
  "catalogue, top up their balance, order, and follow their orders and"
  "deliveries; staff manage the stock and the deliveries."
  ""
  "It speaks English and Russian and keeps the session in the desktop keyring.")
set(CPACK_COMPONENT_DESKTOP_REQUIRED ON)

# --- DEB ----------------------------------------------------------------------------------
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SOURCE lotok)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME lotok-server)
# postgresql: the server binaries of the embedded cluster; adduser: the postinst; libgd3:
# Stock's picture checks (dpkg-shlibdeps finds it too; named so the intent is on record);
# openssl: the postinst's self-signed certificate; procps: /bin/kill of the unit's
# ExecReload (systemctl reload: SIGHUP, the certificate read again).
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "postgresql, adduser, libgd3, openssl, procps")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "lotok-desktop")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${LOTOK_PACKAGING_DIR}/linux/deb/postinst
  ${LOTOK_PACKAGING_DIR}/linux/deb/prerm
  ${LOTOK_PACKAGING_DIR}/linux/deb/postrm
  ${LOTOK_PACKAGING_DIR}/linux/deb/conffiles)

set(CPACK_DEBIAN_DESKTOP_PACKAGE_NAME lotok-desktop)
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SECTION x11)
# dpkg-shlibdeps finds the libraries lotok links; Qt's plugins it cannot see: the xcb
# platform plugin (libqt6gui6), the SQLite driver of the offline cache, the SVG icon engine.
set(CPACK_DEBIAN_DESKTOP_PACKAGE_DEPENDS "libqt6gui6, libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_DESKTOP_PACKAGE_RECOMMENDS "qt6-translations-l10n, gnome-keyring | kwalletmanager")
set(CPACK_DEBIAN_DESKTOP_PACKAGE_SUGGESTS "lotok-server")

# --- RPM ----------------------------------------------------------------------------------
# Built here from Debian's libraries for a check of the spec; for a Fedora or RHEL
# package run `cpack -G RPM` on that system (its automatic requires then name its sonames).
set(CPACK_RPM_COMPONENT_INSTALL ON)
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_RELEASE_DIST ON)
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_URL ${CPACK_PACKAGE_HOMEPAGE_URL})
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_PACKAGE_RELOCATABLE OFF)
set(CPACK_RPM_PACKAGE_RELOCATABLE OFF)
# The Packager tag (rpmlint wants one); no /usr/lib/.build-id links shared between packages.
set(CPACK_RPM_SPEC_MORE_DEFINE
  "%define packager ${CPACK_PACKAGE_CONTACT}\n%define _build_id_links none")
set(CPACK_RPM_CHANGELOG_FILE ${LOTOK_PACKAGING_DIR}/linux/rpm/changelog)
set(CPACK_RPM_SERVER_PACKAGE_NAME lotok-server)
set(CPACK_RPM_SERVER_PACKAGE_SUMMARY "Lotok shop server")
string(FIND "${CPACK_COMPONENT_SERVER_DESCRIPTION}" "\n" _lotok_eol)
math(EXPR _lotok_eol "${_lotok_eol} + 1")
string(SUBSTRING "${CPACK_COMPONENT_SERVER_DESCRIPTION}" ${_lotok_eol} -1 CPACK_RPM_SERVER_PACKAGE_DESCRIPTION)
# openssl: %post's self-signed certificate (/usr/bin/kill of ExecReload is util-linux's).
set(CPACK_RPM_SERVER_PACKAGE_REQUIRES "postgresql-server, gd, openssl")
set(CPACK_RPM_SERVER_PACKAGE_REQUIRES_POST "openssl, coreutils")
set(CPACK_RPM_SERVER_PACKAGE_REQUIRES_PRE "shadow-utils")
set(CPACK_RPM_SERVER_PRE_INSTALL_SCRIPT_FILE ${LOTOK_PACKAGING_DIR}/linux/rpm/pre)
set(CPACK_RPM_SERVER_POST_INSTALL_SCRIPT_FILE ${LOTOK_PACKAGING_DIR}/linux/rpm/post)
set(CPACK_RPM_SERVER_PRE_UNINSTALL_SCRIPT_FILE ${LOTOK_PACKAGING_DIR}/linux/rpm/preun)
set(CPACK_RPM_SERVER_POST_UNINSTALL_SCRIPT_FILE ${LOTOK_PACKAGING_DIR}/linux/rpm/postun)
# The config may hold a database password or a service token: readable by lotok only (the
# deb's postinst does the same with chown/chmod).
set(CPACK_RPM_SERVER_USER_FILELIST "%config(noreplace) %attr(0640,root,lotok) /etc/lotok/lotokd.conf"
  "%config(noreplace) /etc/lotok/nginx/lotok-gateway.conf")
set(CPACK_RPM_DESKTOP_PACKAGE_NAME lotok-desktop)
set(CPACK_RPM_DESKTOP_PACKAGE_SUMMARY "Lotok shop desktop app")
string(FIND "${CPACK_COMPONENT_DESKTOP_DESCRIPTION}" "\n" _lotok_eol)
math(EXPR _lotok_eol "${_lotok_eol} + 1")
string(SUBSTRING "${CPACK_COMPONENT_DESKTOP_DESCRIPTION}" ${_lotok_eol} -1 CPACK_RPM_DESKTOP_PACKAGE_DESCRIPTION)
set(CPACK_RPM_DESKTOP_PACKAGE_REQUIRES "qt6-qtbase-gui, qt6-qtsvg, hicolor-icon-theme")
# Directories the base system owns stay out of the packages' file lists.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /usr/lib/systemd /usr/lib/systemd/system /usr/libexec /usr/share/man /usr/share/man/man1
  /usr/share/applications /usr/share/icons /usr/share/icons/hicolor
  /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)
foreach(size IN LISTS LOTOK_ICON_SIZES)
  list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/icons/hicolor/${size} /usr/share/icons/hicolor/${size}/apps)
endforeach()

# --- NSIS (Windows) ----------------------------------------------------------------------
set(CPACK_NSIS_PACKAGE_NAME "Lotok")
set(CPACK_NSIS_DISPLAY_NAME "Lotok ${PROJECT_VERSION}")
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_MUI_ICON ${LOTOK_PACKAGING_DIR}/windows/lotok.ico)
set(CPACK_NSIS_MUI_UNIICON ${LOTOK_PACKAGING_DIR}/windows/lotok.ico)
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\lotok.exe")
set(CPACK_NSIS_URL_INFO_ABOUT ${CPACK_PACKAGE_HOMEPAGE_URL})
set(CPACK_NSIS_CONTACT "maintainers@lotok.example")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH OFF)
set(CPACK_NSIS_EXECUTABLES_DIRECTORY bin)
set(CPACK_NSIS_MUI_FINISHPAGE_RUN lotok.exe)
set(CPACK_NSIS_UNINSTALL_NAME "Uninstall Lotok")
# Start menu: "Lotok" -> bin\lotok.exe (CPack adds the "Uninstall" shortcut beside it).
set(CPACK_PACKAGE_EXECUTABLES lotok Lotok)

# --- DragNDrop (macOS) ---------------------------------------------------------------------
set(CPACK_DMG_VOLUME_NAME "Lotok")
set(CPACK_DMG_FORMAT UDZO)
set(CPACK_LOTOK_MACOS_ICON ${LOTOK_PACKAGING_DIR}/macos/lotok.icns)

include(CPack)
