// The W3C Trace Context test service: what the specification's conformance suite
// (github.com/w3c/trace-context, test/) drives. On POST /test with a JSON array of
// {"url": ..., "arguments": [...]} objects it enters the request's trace (traceparent,
// tracestate) and, for each element, from a fiber of its own -- a new child span -- sends an
// HTTP POST to `url` with that element's `arguments` as the JSON body, propagating the trace;
// then it answers 200. Anything else: 404, or 400 for a body that is not such an array.
//
//   trace_service PORT [--log FILE] [--console LEVEL]
//
//   --log FILE      JSON lines, appended (default trace_service.jsonl)
//   --console L     text lines on stdout from level L (default info; off: none)
//
// It listens on 127.0.0.1:PORT (0: any free one) and prints "listening on 127.0.0.1:PORT".
// Then, with the conformance suite of the level-1 branch and Debian's python3-aiohttp:
//   python3 test/test.py http://127.0.0.1:PORT/test

#include <cstdio>
#include <string>

#include "services/process.hpp"
#include "services/trace_test_handler.hpp"

int main(int argc, char** argv) {
    const std::string usage = "trace_service PORT [--log FILE] [--console LEVEL]";
    if (argc < 2) {
        std::fprintf(stderr, "trace_service: PORT is required\nusage: %s\n", usage.c_str());
        return 2;
    }
    const auto port = static_cast<std::uint16_t>(
        example::services::number_option(usage, "PORT", argv[1], 0, 65535));
    example::services::process_options options{"trace_service", port, "trace_service.jsonl"};
    for (int i = 2; i < argc; i += 2) {  // the port is the argument, not a flag here
        if (std::string(argv[i]) == "--port") {
            std::fprintf(stderr, "trace_service: unknown option --port (PORT comes first)\n"
                                 "usage: %s\n", usage.c_str());
            return 2;
        }
    }
    example::services::parse_options(argc - 1, argv + 1, usage, options);
    return example::services::run_process(
        options, [](boost::asio::io_context&, example::http::client& client) {
            return example::services::make_trace_test_handler(client);
        });
}
