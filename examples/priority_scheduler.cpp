// Your own scheduler with fiberlog: a request handler launches three workers of different
// priorities under a priority scheduler (examples/priority_scheduler.hpp). They run
// highest priority first, and every one of them has its own fiber id, knows its parent and
// inherited the handler's request_id.

#include <iostream>
#include <string>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

#include "priority_scheduler.hpp"

namespace {

boost::fibers::fiber worker(const std::string& name, int priority) {
    boost::fibers::fiber f([name] {
        std::cout << "  " << name << ": fiber " << fiberlog::fiber_id() << ", parent "
                  << fiberlog::parent_id() << ", priority "
                  << boost::this_fiber::properties<example::priority_props>().priority()
                  << ", {" << fiberlog::snapshot().text() << "}\n";
    });
    f.properties<example::priority_props>().set_priority(priority);
    return f;
}

}  // namespace

int main() {
    boost::fibers::use_scheduling_algorithm<example::priority_scheduler>();

    boost::fibers::fiber handler([] {
        fiberlog::put("request_id", "r-7");
        std::cout << "handler: fiber " << fiberlog::fiber_id() << " launches three workers\n";
        auto low = worker("cleanup", 1);
        auto high = worker("reply", 10);
        auto mid = worker("audit", 5);
        low.join();
        high.join();
        mid.join();
    });
    handler.join();
}
