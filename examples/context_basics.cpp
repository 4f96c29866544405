// The core in one page: ids, put/get, inheritance by child fibers, scoped values, the
// opt-out for background work, and carrying a context into a plain thread.

#include <iostream>
#include <thread>

#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace {

void show(const char* who) {
    std::cout << who << ": fiber " << fiberlog::fiber_id() << " (parent "
              << fiberlog::parent_id() << ") sees {" << fiberlog::snapshot().text() << "}\n";
}

}  // namespace

int main() {
    boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();

    fiberlog::put("request_id", "r-42");
    fiberlog::put("user", "alice");
    show("main");

    boost::fibers::fiber child([] {
        show("child");  // inherited request_id and user
        fiberlog::scoped step{"step", "load-orders"};
        boost::fibers::fiber grandchild([] { show("grandchild"); });
        grandchild.join();
        fiberlog::put("user", "bob");  // the parent never sees this
        show("child after put");
    });
    child.join();
    show("main after child");

    // Work that outlives the request starts with a fresh context.
    fiberlog::launch_with(fiberlog::context{}, [] { show("background"); }).join();

    // A plain thread (or a pool) runs under the caller's context via wrap().
    std::thread worker(fiberlog::wrap([] { show("std::thread"); }));
    worker.join();

    if (auto user = fiberlog::get("user")) std::cout << "user is " << fiberlog::to_string(*user) << "\n";

    // On a hot path, find() reads in place: no copy, valid until this fiber changes its context.
    if (const fiberlog::value* id = fiberlog::find("request_id"))
        std::cout << "request_id is " << fiberlog::to_string(*id) << "\n";
}
