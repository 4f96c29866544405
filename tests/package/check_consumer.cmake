# Installs the build tree into a scratch prefix, checks its headers
# (check_installed_headers.cmake), then configures, builds and runs
# tests/package/consumer against it with find_package(fiberlog), and tests/package/reader,
# which uses fiberlog::log_format alone.
# Inputs: BUILD_DIR, CONSUMER_DIR, WORK_DIR, GENERATOR, CXX_FLAGS, EXPECTED.
file(REMOVE_RECURSE "${WORK_DIR}")

function(run what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()

run("cmake --install" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix")
run("checking the installed headers" ${CMAKE_COMMAND} "-DINCLUDE_DIR=${WORK_DIR}/prefix/include"
    -P "${CMAKE_CURRENT_LIST_DIR}/check_installed_headers.cmake")
run("configuring the consumer" ${CMAKE_COMMAND} -S "${CONSUMER_DIR}" -B "${WORK_DIR}/build"
    -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run("building the consumer" ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run("running the consumer" "${WORK_DIR}/build/consumer")
string(STRIP "${last_output}" seen)
if(NOT seen STREQUAL EXPECTED)
    message(FATAL_ERROR "the consumer printed\n  ${seen}\nexpected\n  ${EXPECTED}")
endif()
message(STATUS "consumer: ${seen}")

# A reader of the logs: fiberlog::log_format alone.
get_filename_component(reader_dir "${CONSUMER_DIR}/../reader" ABSOLUTE)
run("configuring the reader" ${CMAKE_COMMAND} -S "${reader_dir}" -B "${WORK_DIR}/reader"
    -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
run("building the reader" ${CMAKE_COMMAND} --build "${WORK_DIR}/reader")
run("running the reader" "${WORK_DIR}/reader/reader")
string(STRIP "${last_output}" seen)
set(expected_reader "reader sees [%Y-%m-%d %H:%M:%S.%f] [%n] [%l] [%G/%J] {%K} %v | ts level \
logger fiber parent thread service host pid trace_id span_id parent_span_id msg deadline_ms ctx \
| \"two words\" 2.5 is a double")
if(NOT seen STREQUAL expected_reader)
    message(FATAL_ERROR "the reader printed\n  ${seen}\nexpected\n  ${expected_reader}")
endif()
message(STATUS "reader: ${seen}")
