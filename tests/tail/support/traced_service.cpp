// A service of the "Across services" kind, for fiberlog-tail's tests: fiberlog's own writer
// (fiberlog::json_formatter) logs one request in a trace, so that the tests read the lines
// fiberlog writes -- process identity, trace_id, span_id, parent_span_id -- not lines written
// by hand to look like them.
//
//   tail_traced_service SERVICE FILE [TRACEPARENT]
//
// Names the process SERVICE and writes FILE (JSON lines). A request fiber adopts TRACEPARENT
// (none: it starts a new trace), logs, launches a child fiber that logs and prints on stdout
// the traceparent of its outgoing call (what the next service gets), and logs its answer. A
// fiber outside the trace logs too. Every run launches the same fibers in the same order, so
// two runs write the same fiber ids, as two processes of one service do.

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <boost/fiber/all.hpp>
#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>
#include <fiberlog/trace.hpp>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: tail_traced_service SERVICE FILE [TRACEPARENT]\n";
        return 2;
    }
    const std::string service = argv[1];
    const std::string traceparent = argc > 3 ? argv[3] : "";
    fiberlog::set_process_identity(service);

    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(argv[2], /*truncate=*/true);
    file->set_formatter(fiberlog::json_formatter());
    auto logger = std::make_shared<spdlog::logger>("svc", file);
    spdlog::set_default_logger(logger);

    {
        fiberlog::scheduler_threads<fiberlog::algo::round_robin> pool{1};
        boost::fibers::fiber background([] { spdlog::info("background work"); });
        boost::fibers::fiber request([&] {
            fiberlog::trace_scope trace{traceparent};
            fiberlog::put("request_id", "r-7");
            spdlog::info("{} handles the request", service);
            boost::fibers::fiber call([] {
                spdlog::info("calling the next service");
                std::cout << fiberlog::traceparent() << '\n';
            });
            call.join();
            spdlog::info("{} answers", service);
        });
        background.join();
        request.join();
    }
    spdlog::shutdown();
    return std::cout.flush() ? 0 : 1;
}
