# A user's top-level configure treats no warning as an error; FIBERLOG_WERROR=ON (the
# developer presets, CI) does. Configures SOURCE_DIR twice into WORK_DIR, as a user would
# (no preset, only the flags of issue 17's report), and reads the compile commands.
# Inputs: SOURCE_DIR, WORK_DIR, GENERATOR.
file(REMOVE_RECURSE "${WORK_DIR}")

# Configures into WORK_DIR/<name> with the extra arguments; sets <name>_commands to the
# compile commands of fiberlog's core library, the one target every configure has.
function(configure name)
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}/${name}" -G "${GENERATOR}"
                -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
                "-DCMAKE_CXX_FLAGS=-O1 -fsanitize=address,undefined" ${ARGN}
        RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "configuring ${name} failed (${rc}):\n${out}\n${err}")
    endif()
    file(READ "${WORK_DIR}/${name}/compile_commands.json" commands)
    string(REGEX MATCHALL "\"command\": \"[^\"]*src/context.cpp[^\"]*\"" core "${commands}")
    if(core STREQUAL "")
        message(FATAL_ERROR "${name}: no compile command for src/context.cpp")
    endif()
    set(${name}_commands "${core}" PARENT_SCOPE)
endfunction()

configure(plain)
if(NOT plain_commands MATCHES " -Wall " OR plain_commands MATCHES "-Werror")
    message(FATAL_ERROR "a default configure must warn but not fail on warnings:\n${plain_commands}")
endif()
configure(developer -DFIBERLOG_WERROR=ON)
if(NOT developer_commands MATCHES " -Werror")
    message(FATAL_ERROR "FIBERLOG_WERROR=ON must add -Werror:\n${developer_commands}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
message(STATUS "default: warnings, no -Werror; FIBERLOG_WERROR=ON: -Werror")
