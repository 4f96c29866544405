# Compiler settings shared by every fiberlog target.

# fiberlog_target_warnings(<target>): the warning set for fiberlog's own code.
function(fiberlog_target_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion)
    if(FIBERLOG_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()

if(FIBERLOG_SANITIZE_ADDRESS AND FIBERLOG_SANITIZE_THREAD)
    message(FATAL_ERROR "FIBERLOG_SANITIZE_ADDRESS and FIBERLOG_SANITIZE_THREAD exclude each other")
endif()
if(FIBERLOG_SANITIZE_ADDRESS)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
if(FIBERLOG_SANITIZE_THREAD)
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
    add_link_options(-fsanitize=thread)
endif()

include(GNUInstallDirs)

# fiberlog_library(<target> EXPORT_NAME <name> PUBLIC_HEADERS <dir> PRIVATE_HEADERS <dir>):
# what the installed libraries share. Only FIBERLOG_API symbols are exported (hidden
# visibility) and they are not interposable; position-independent code, so the static library can go into a shared
# object; the package's version; the warning set; installed into the package's export set
# as fiberlog::<name>.
function(fiberlog_library target)
    cmake_parse_arguments(ARG "" "EXPORT_NAME;PUBLIC_HEADERS;PRIVATE_HEADERS" "" ${ARGN})
    target_compile_features(${target} PUBLIC cxx_std_17)
    target_include_directories(${target}
        PUBLIC "$<BUILD_INTERFACE:${ARG_PUBLIC_HEADERS}>"
               "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>"
        PRIVATE "${ARG_PRIVATE_HEADERS}")
    set_target_properties(${target} PROPERTIES
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON
        POSITION_INDEPENDENT_CODE ON
        VERSION ${PROJECT_VERSION}
        SOVERSION ${PROJECT_VERSION_MAJOR}
        EXPORT_NAME ${ARG_EXPORT_NAME})
    # Exported functions are not interposed at run time (nobody LD_PRELOADs a replacement
    # for fiberlog's), so the compiler may inline them into each other: Boost deletes a
    # fiber's properties through the deleting destructor, which then inlines the free-list
    # release (bench/instructions counts it).
    target_compile_options(${target} PRIVATE -fno-semantic-interposition)
    fiberlog_target_warnings(${target})
    if(FIBERLOG_INSTALL)
        install(TARGETS ${target} EXPORT fiberlog-targets
                ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
                LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
                RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
    endif()
endfunction()
