# fiberlog_fuzz_checks: the harnesses' property checks, for the fuzzers (fuzz/CMakeLists.txt)
# and for the regression test of the normal build (fuzz/replay). Sets fiberlog_fuzz_harnesses.
set(fiberlog_fuzz_harnesses json text traceparent tracestate baggage)
add_library(fiberlog_fuzz_checks STATIC
    ${CMAKE_CURRENT_LIST_DIR}/check_baggage.cpp
    ${CMAKE_CURRENT_LIST_DIR}/check_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/check_text.cpp
    ${CMAKE_CURRENT_LIST_DIR}/check_traceparent.cpp
    ${CMAKE_CURRENT_LIST_DIR}/check_tracestate.cpp)
target_link_libraries(fiberlog_fuzz_checks PUBLIC fiberlog::spdlog fiberlog::log_format
                                                  nlohmann_json::nlohmann_json)
if(TARGET fiberlog_tail_core)
    list(APPEND fiberlog_fuzz_harnesses tail_line)
    target_sources(fiberlog_fuzz_checks PRIVATE ${CMAKE_CURRENT_LIST_DIR}/check_tail_line.cpp)
    target_link_libraries(fiberlog_fuzz_checks PUBLIC fiberlog_tail_core)
    target_compile_definitions(fiberlog_fuzz_checks PUBLIC FIBERLOG_FUZZ_TAIL=1)
endif()
target_include_directories(fiberlog_fuzz_checks PUBLIC ${CMAKE_CURRENT_LIST_DIR}/..)
fiberlog_target_warnings(fiberlog_fuzz_checks)
