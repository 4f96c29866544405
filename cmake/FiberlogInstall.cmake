# Install rules and the package config that makes find_package(fiberlog) work.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FIBERLOG_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/fiberlog")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/fiberlog"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT fiberlog-targets
        NAMESPACE fiberlog::
        DESTINATION "${FIBERLOG_CMAKE_DIR}")

configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/fiberlogConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/fiberlogConfig.cmake"
    INSTALL_DESTINATION "${FIBERLOG_CMAKE_DIR}")
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/fiberlogConfigVersion.cmake"
    COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/fiberlogConfig.cmake"
              "${PROJECT_BINARY_DIR}/fiberlogConfigVersion.cmake"
        DESTINATION "${FIBERLOG_CMAKE_DIR}")
