#!/usr/bin/env bash
# Builds Boost.Context and Boost.Fiber (and Boost.Filesystem, which Boost.Fiber
# links) from Debian's own boost1.74 source package with ThreadSanitizer, and
# installs them, with all Boost headers and the CMake package config, into a
# prefix. Prints the prefix on stdout (everything else goes to stderr).
#
#   scripts/build-tsan-boost.sh [CACHE_DIR]     (default: <repo>/.deps/boost-tsan)
#
# Why: Debian's libboost_fiber/libboost_context are not instrumented, so TSan
# cannot see the synchronisation inside fiber migration and join(), and Boost
# 1.74's Boost.Context has no TSan support at all (BOOST_USE_TSAN appeared in a
# later Boost): without __tsan_switch_to_fiber TSan keeps one shadow stack and
# one clock per OS thread across stack switches. So this script
#   - uses context-impl=ucontext (the only implementation with sanitizer hooks
#     in 1.74; it defines BOOST_USE_UCONTEXT),
#   - applies a small patch to boost/context/fiber_ucontext.hpp that adds
#     __tsan_create_fiber/__tsan_switch_to_fiber/__tsan_destroy_fiber under
#     BOOST_USE_TSAN (the same hooks as the existing BOOST_USE_ASAN ones),
#   - under BOOST_USE_TSAN, turns Boost.Fiber's "fetch_sub(release) + acquire
#     fence" reference-count releases into one acq_rel fetch_sub (TSan does not
#     model fences; same ordering, see below),
#   - compiles with -fsanitize=thread -DBOOST_USE_TSAN,
#   - appends BOOST_USE_UCONTEXT and BOOST_USE_TSAN to the INTERFACE_COMPILE_DEFINITIONS
#     of the installed Boost::context target: fiber_ucontext.hpp is a header and
#     every consumer must compile it exactly as the library was compiled (other
#     layout of the activation record otherwise).
#
# Idempotent: the result is cached in CACHE_DIR/prefix and keyed by the source
# version, this script's and scripts/boost-source.sh's content and the compiler; a
# second run only prints the prefix. The fetching and building steps are shared with
# scripts/build-boost.sh (scripts/boost-source.sh). Needs root (or sudo) only to
# install missing packages (apt-get update first) or to add the deb-src entry for
# apt-get source. FIBERLOG_JOBS (default 2) sets b2's -j; CXX (default g++) the
# compiler, which must be fiberlog's too.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/.." && pwd)"
cache="${1:-${repo}/.deps/boost-tsan}"
mkdir -p "${cache}"
cache="$(cd "${cache}" && pwd)"
prefix="${cache}/prefix"

boost_log_name=build-tsan-boost
# shellcheck source=boost-source.sh
source "${here}/boost-source.sh"
log() { boost_log "$@"; }

# The Debian source package is the one of the installed libboost-fiber, when known.
srcpkg=boost1.74
version="$(dpkg-query -W -f='${Version}' libboost-fiber1.74.0 2>/dev/null || true)"
key="$(boost_source_key "${srcpkg}" "${version}" "${BASH_SOURCE[0]}")"
if [[ -f "${cache}/stamp" && "$(cat "${cache}/stamp")" == "${key}" \
      && -f "${prefix}/lib/cmake/Boost-1.74.0/BoostConfig.cmake" ]]; then
    log "cached: ${prefix}"
    echo "${prefix}"
    exit 0
fi

boost_source_prepare libtsan2
work="$(mktemp -d "${TMPDIR:-/tmp}/fiberlog-boost-tsan.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
boost_source_fetch "${work}" "${srcpkg}" "${version}"
cd "${boost_src}"

# --- the TSan patch for Boost.Context 1.74 (ucontext implementation) ----------
# Adds TSan fiber annotations next to the existing ASan ones: every context gets
# a TSan fiber state (__tsan_create_fiber; a thread's main context uses the
# thread's own, __tsan_get_current_fiber), __tsan_switch_to_fiber right before
# each swapcontext (flags 0: the switch is a happens-before edge, which it is,
# a context runs after whoever resumed it), __tsan_destroy_fiber on destruction.
log "patching boost/context/fiber_ucontext.hpp for BOOST_USE_TSAN"
patch -p1 --forward --quiet <<'PATCH'
--- a/libs/context/include/boost/context/fiber_ucontext.hpp
+++ b/libs/context/include/boost/context/fiber_ucontext.hpp
@@ -53,6 +53,11 @@
 # include BOOST_ABI_PREFIX
 #endif
 
+#if defined(BOOST_USE_TSAN)
+// fiberlog: ThreadSanitizer fiber annotations (not in Boost 1.74).
+#include <sanitizer/tsan_interface.h>
+#endif
+
 namespace boost {
 namespace context {
 namespace detail {
@@ -81,6 +86,11 @@
     void                                                    *   stack_bottom{ nullptr };
     std::size_t                                                 stack_size{ 0 };
 #endif
+#if defined(BOOST_USE_TSAN)
+    // TSan's state for this context; owned (created here) unless main context
+    void                                                    *   tsan_fiber{ nullptr };
+    bool                                                        tsan_fiber_owned{ false };
+#endif
 
     static fiber_activation_record *& current() noexcept;
 
@@ -92,6 +102,10 @@
                     std::error_code( errno, std::system_category() ),
                     "getcontext() failed");
         }
+#if defined(BOOST_USE_TSAN)
+        // main context of a thread: TSan already has a state for it
+        tsan_fiber = __tsan_get_current_fiber();
+#endif
     }
 
     fiber_activation_record( stack_context sctx_) noexcept :
@@ -100,6 +114,11 @@
     } 
 
     virtual ~fiber_activation_record() {
+#if defined(BOOST_USE_TSAN)
+        if ( tsan_fiber_owned) {
+            __tsan_destroy_fiber( tsan_fiber);
+        }
+#endif
 	}
 
     fiber_activation_record( fiber_activation_record const&) = delete;
@@ -126,6 +145,11 @@
             __sanitizer_start_switch_fiber( & from->fake_stack, stack_bottom, stack_size);
         }
 #endif
+#if defined(BOOST_USE_TSAN)
+        // tell TSan about the stack switch; flags 0: the switch orders
+        // everything done before it before everything done after it
+        __tsan_switch_to_fiber( tsan_fiber, 0);
+#endif
         // context switch from parent context to `this`-context
         ::swapcontext( & from->uctx, & uctx);
 #if defined(BOOST_USE_ASAN)
@@ -185,6 +209,11 @@
 #if defined(BOOST_USE_ASAN)
         __sanitizer_start_switch_fiber( & from->fake_stack, stack_bottom, stack_size);
 #endif
+#if defined(BOOST_USE_TSAN)
+        // tell TSan about the stack switch; flags 0: the switch orders
+        // everything done before it before everything done after it
+        __tsan_switch_to_fiber( tsan_fiber, 0);
+#endif
         // context switch from parent context to `this`-context
         ::swapcontext( & from->uctx, & uctx);
 #if defined(BOOST_USE_ASAN)
@@ -315,6 +344,10 @@
     record->stack_bottom = record->uctx.uc_stack.ss_sp;
     record->stack_size = record->uctx.uc_stack.ss_size;
 #endif
+#if defined(BOOST_USE_TSAN)
+    record->tsan_fiber = __tsan_create_fiber( 0);
+    record->tsan_fiber_owned = true;
+#endif
     return record;
 }
 
@@ -350,6 +383,10 @@
     record->stack_bottom = record->uctx.uc_stack.ss_sp;
     record->stack_size = record->uctx.uc_stack.ss_size;
 #endif
+#if defined(BOOST_USE_TSAN)
+    record->tsan_fiber = __tsan_create_fiber( 0);
+    record->tsan_fiber_owned = true;
+#endif
     return record;
 }
 
PATCH

# --- Boost.Fiber's reference counts: fences TSan cannot see ---------------------
# intrusive_ptr_release of context, algorithm, fss_cleanup_function and
# shared_state_base decrement with memory_order_release and then, on the last
# reference, issue std::atomic_thread_fence(acquire) before destroying the
# object. TSan does not model standalone fences (g++ warns: -Wtsan), so it
# misses that acquire and reports the destruction (e.g. of a fiber's properties
# in ~context, run by join() on another thread) as racing with the last use on
# the other thread. Under BOOST_USE_TSAN the decrement becomes one acq_rel
# fetch_sub, which orders exactly what release + acquire fence order.
# (The fences left in detail/context_spmc_queue.hpp belong to Boost's own
# algo::work_stealing, which fiberlog does not use.)
log "patching Boost.Fiber's reference counts for BOOST_USE_TSAN"
patch -p1 --forward --quiet <<'PATCH'
--- a/libs/fiber/include/boost/fiber/algo/algorithm.hpp
+++ b/libs/fiber/include/boost/fiber/algo/algorithm.hpp
@@ -54,8 +54,13 @@
 
     friend void intrusive_ptr_release( algorithm * algo) noexcept {
         BOOST_ASSERT( nullptr != algo);
+#if defined(BOOST_USE_TSAN)
+        // fiberlog: TSan does not model fences; an acq_rel RMW gives the same happens-before
+        if ( 1 == algo->use_count_.fetch_sub( 1, std::memory_order_acq_rel) ) {
+#else
         if ( 1 == algo->use_count_.fetch_sub( 1, std::memory_order_release) ) {
             std::atomic_thread_fence( std::memory_order_acquire);
+#endif
             delete algo;
         }
     }
--- a/libs/fiber/include/boost/fiber/context.hpp
+++ b/libs/fiber/include/boost/fiber/context.hpp
@@ -395,8 +395,13 @@
 
     friend void intrusive_ptr_release( context * ctx) noexcept {
         BOOST_ASSERT( nullptr != ctx);
+#if defined(BOOST_USE_TSAN)
+        // fiberlog: TSan does not model fences; an acq_rel RMW gives the same happens-before
+        if ( 1 == ctx->use_count_.fetch_sub( 1, std::memory_order_acq_rel) ) {
+#else
         if ( 1 == ctx->use_count_.fetch_sub( 1, std::memory_order_release) ) {
             std::atomic_thread_fence( std::memory_order_acquire);
+#endif
             boost::context::fiber c = std::move( ctx->c_);
             // destruct context
             ctx->~context();
--- a/libs/fiber/include/boost/fiber/detail/fss.hpp
+++ b/libs/fiber/include/boost/fiber/detail/fss.hpp
@@ -43,8 +43,13 @@
 
     friend inline
     void intrusive_ptr_release( fss_cleanup_function * p) noexcept {
+#if defined(BOOST_USE_TSAN)
+        // fiberlog: TSan does not model fences; an acq_rel RMW gives the same happens-before
+        if ( 1 == p->use_count_.fetch_sub( 1, std::memory_order_acq_rel) ) {
+#else
         if ( 1 == p->use_count_.fetch_sub( 1, std::memory_order_release) ) {
             std::atomic_thread_fence( std::memory_order_acquire);
+#endif
             delete p;
         }
     }
--- a/libs/fiber/include/boost/fiber/future/detail/shared_state.hpp
+++ b/libs/fiber/include/boost/fiber/future/detail/shared_state.hpp
@@ -147,8 +147,13 @@
 
     friend inline
     void intrusive_ptr_release( shared_state_base * p) noexcept {
+#if defined(BOOST_USE_TSAN)
+        // fiberlog: TSan does not model fences; an acq_rel RMW gives the same happens-before
+        if ( 1 == p->use_count_.fetch_sub( 1, std::memory_order_acq_rel) ) {
+#else
         if ( 1 == p->use_count_.fetch_sub( 1, std::memory_order_release) ) {
             std::atomic_thread_fence( std::memory_order_acquire);
+#endif
             p->deallocate_future();
         }
     }
PATCH

# --- build --------------------------------------------------------------------
rm -f "${cache}/stamp"
boost_source_build "${work}" "${prefix}" context-impl=ucontext \
    cxxflags="-fsanitize=thread -fno-omit-frame-pointer -DBOOST_USE_TSAN" \
    linkflags="-fsanitize=thread"

# --- CMake config: consumers must compile the context headers the same way ------
ctxcfg="$(ls "${prefix}"/lib/cmake/boost_context-*/boost_context-config.cmake)"
cat >> "${ctxcfg}" <<'CMAKE'

# Added by fiberlog's scripts/build-tsan-boost.sh: this Boost.Context is the
# ucontext implementation with ThreadSanitizer fiber annotations; its header
# fiber_ucontext.hpp must be compiled the same way in every consumer.
if(TARGET Boost::context)
    set_property(TARGET Boost::context APPEND PROPERTY
        INTERFACE_COMPILE_DEFINITIONS BOOST_USE_UCONTEXT BOOST_USE_TSAN)
endif()
CMAKE

# Sanity: the libraries are instrumented, annotated, and find each other (RUNPATH).
nm -D "${prefix}/lib/libboost_fiber.so" | grep -q __tsan_func_entry \
    || { log "libboost_fiber is not instrumented"; exit 1; }
nm -D "${prefix}/lib/libboost_fiber.so" | grep -q __tsan_switch_to_fiber \
    || { log "libboost_fiber lacks the fiber annotations"; exit 1; }
nm -D "${prefix}/lib/libboost_context.so" | grep -q __tsan_get_current_fiber \
    || { log "libboost_context lacks the fiber annotations"; exit 1; }
ldd "${prefix}/lib/libboost_fiber.so" | grep -q "${prefix}/lib/libboost_context.so" \
    || { log "libboost_fiber does not load the instrumented libboost_context"; exit 1; }

echo "${key}" > "${cache}/stamp"
log "installed into ${prefix}"
echo "${prefix}"
