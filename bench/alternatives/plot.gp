# Draws docs/bench-alternatives.png from the data files report.py writes.
#   gnuplot -e "dir='build-release/bench-alternatives'; out='docs/bench-alternatives.png'" plot.gp
# Three panels, CPU ns per operation (medians), log scale: the cost of a line as the context
# grows; launch+join of a chain of nested fibers; and the 3-key shapes (two threads, async
# call site, disabled level).

set terminal pngcairo size 1500,1100 font "DejaVu Sans,11" noenhanced
set output out
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1.5
set style fill solid 0.85 border rgb "#333333"
set boxwidth 0.9
set logscale y
set grid ytics mytics lc rgb "#dddddd"
set key outside right top vertical Left reverse samplen 1.5 spacing 1.1 width -2
set ylabel "CPU ns (log scale)"

# One colour per contender, the same in every panel.
c_plain = "#888888"; c_hand = "#b07aa1"; c_mdc = "#e15759"; c_fss = "#f28e2b"
c_blog = "#76b7b2"; c_l4 = "#59a14f"; c_fl = "#4e79a7"; c_json = "#9cc3e6"; c_async = "#1f3b63"

set multiplot
set origin 0, 0.5
set size 1, 0.5
set title "Cost per line as the context grows (plain spdlog has no context: its line is the grey bar)"
set xlabel "keys in the context"
plot dir."/line.dat" using 2:xtic(1) title "plain spdlog, no context" lc rgb c_plain, \
     "" using 3 title "spdlog, context as format arguments" lc rgb c_hand, \
     "" using 4 title "thread_local MDC (spdlog 1.14 style)" lc rgb c_mdc, \
     "" using 5 title "fiber_specific_ptr + flag" lc rgb c_fss, \
     "" using 6 title "Boost.Log, scoped thread attributes" lc rgb c_blog, \
     "" using 7 title "log4cxx, MDC + PatternLayout" lc rgb c_l4, \
     "" using 8 title "fiberlog pattern {%K}" lc rgb c_fl, \
     "" using 9 title "fiberlog JSON" lc rgb c_json

set origin 0, 0
set size 0.42, 0.5
set title "launch+join of a chain of nested fibers, 3 keys"
set xlabel "depth"
set key inside left top
plot dir."/launch.dat" using 2:xtic(1) title "Boost round_robin, no context" lc rgb c_plain, \
     "" using 3 title "fiberlog, inherited" lc rgb c_fl, \
     "" using 4 title "fiber_specific_ptr, copied by hand" lc rgb c_fss

set origin 0.42, 0
set size 0.58, 0.5
set title "3 keys: two threads, async call site, disabled level"
set xlabel ""
set key outside right top
plot dir."/fixed.dat" using 2:xtic(1) title "plain spdlog (async: async_logger)" lc rgb c_plain, \
     "" using 3 title "by hand" lc rgb c_hand, \
     "" using 4 title "thread_local MDC" lc rgb c_mdc, \
     "" using 5 title "fiber_specific_ptr" lc rgb c_fss, \
     "" using 6 title "Boost.Log" lc rgb c_blog, \
     "" using 7 title "log4cxx" lc rgb c_l4, \
     "" using 8 title "fiberlog pattern" lc rgb c_fl, \
     "" using 9 title "fiberlog JSON" lc rgb c_json, \
     "" using 10 title "fiberlog async_sink" lc rgb c_async
unset multiplot
