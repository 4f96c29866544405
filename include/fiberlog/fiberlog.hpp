#pragma once

// The fiberlog core: ids, the inherited context with its deadline, cancellation and trace, the
// schedulers. Link fiberlog::fiberlog.
#include <fiberlog/algo/round_robin.hpp>
#include <fiberlog/algo/shared_work.hpp>
#include <fiberlog/algo/work_stealing.hpp>
#include <fiberlog/cancel.hpp>
#include <fiberlog/context.hpp>
#include <fiberlog/deadline.hpp>
#include <fiberlog/diagnostics.hpp>
#include <fiberlog/done.hpp>
#include <fiberlog/identity.hpp>
#include <fiberlog/ids.hpp>
#include <fiberlog/launch.hpp>
#include <fiberlog/lineage.hpp>
#include <fiberlog/origin.hpp>
#include <fiberlog/properties.hpp>
#include <fiberlog/scheduler_threads.hpp>
#include <fiberlog/trace.hpp>
#include <fiberlog/value.hpp>
#include <fiberlog/wait.hpp>
