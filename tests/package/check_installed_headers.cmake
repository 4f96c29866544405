# Checks an installed include tree: every `#include <fiberlog/...>` in an installed header names
# an installed header (a public header never needs one that stays in the source tree), and every
# installed fiberlog/detail/ header is reached from a public one (internals are installed only
# when a public header needs them). Fails with the offending headers named.
#   cmake -DINCLUDE_DIR=<prefix>/include -P check_installed_headers.cmake
# check_consumer.cmake runs it on the tree it installs; tests/package/header_trees/ holds trees
# it must reject.
cmake_minimum_required(VERSION 3.25)
if(NOT INCLUDE_DIR)
    message(FATAL_ERROR "check_installed_headers.cmake: set INCLUDE_DIR")
endif()
get_filename_component(INCLUDE_DIR "${INCLUDE_DIR}" ABSOLUTE)

file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/fiberlog/*")
if(NOT headers)
    message(FATAL_ERROR "no fiberlog headers under ${INCLUDE_DIR}")
endif()

set(problems "")
set(reached "")    # headers reached from a public header, directly or through detail/ ones
set(pending "")    # reached headers whose includes are still to be followed
foreach(header IN LISTS headers)
    file(STRINGS "${INCLUDE_DIR}/${header}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*<fiberlog/")
    set(includes "")
    foreach(line IN LISTS lines)
        string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>.*$" "\\1" included "${line}")
        list(APPEND includes "${included}")
        if(NOT included IN_LIST headers)
            string(APPEND problems "\n  ${header} includes <${included}>, which is not installed")
        endif()
    endforeach()
    set("includes_of_${header}" "${includes}")
    if(NOT header MATCHES "/detail/")
        list(APPEND reached "${header}")
        list(APPEND pending "${header}")
    endif()
endforeach()

while(pending)
    list(POP_FRONT pending header)
    foreach(included IN LISTS "includes_of_${header}")
        if(included IN_LIST headers AND NOT included IN_LIST reached)
            list(APPEND reached "${included}")
            list(APPEND pending "${included}")
        endif()
    endforeach()
endwhile()

foreach(header IN LISTS headers)
    if(NOT header IN_LIST reached)
        string(APPEND problems "\n  ${header} is installed, but no public header includes it")
    endif()
endforeach()

if(problems)
    message(FATAL_ERROR "installed headers under ${INCLUDE_DIR}:${problems}")
endif()
list(LENGTH headers count)
message(STATUS "installed headers: ${count}, each public or needed by a public one")
