# Draws docs/bench-tail.png from the data file report.py writes.
#   gnuplot -e "dir='build-release/bench-tail'; out='docs/bench-tail.png'" plot.gp
# Two panels: throughput on the same log (MB/s, log scale, with the 1 GiB/s goal) and peak RSS.

set terminal pngcairo size 1300,560 font "DejaVu Sans,11" noenhanced
set output out
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border rgb "#333333"
set boxwidth 0.8
set grid ytics lc rgb "#dddddd"
set xtics rotate by -30 left
unset key

set multiplot layout 1,2
set title "Throughput on the same log (higher is better)"
set logscale y
set ylabel "MB/s (log scale)"
goal = 1073.741824
set arrow 1 from graph 0, first goal to graph 1, first goal nohead lc rgb "#e15759" dt 2 lw 2
set label 1 "1 GiB/s goal" at graph 0.72, first goal * 1.25 tc rgb "#e15759"
plot dir."/tail.dat" using 2:xtic(1) lc rgb "#4e79a7"

unset arrow 1
unset label 1
unset logscale y
set title "Peak RSS (lower is better)"
set ylabel "MiB"
plot dir."/tail.dat" using 3:xtic(1) lc rgb "#59a14f"
unset multiplot
