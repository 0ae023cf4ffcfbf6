# ratios.gp — bar chart of Harbor/Linux instruction ratios.
#
#   gnuplot -e "datafile='ratios.dat'; outfile='ratios.png'" ratios.gp
#
# ratios.dat comes from bench_table.py: index, ratio, quoted label.  While
# Harbor has no results the file has no rows; the chart then says so
# instead of failing, so `make bench` still leaves a PNG behind.

set terminal pngcairo size 1100,650 font "sans,10"
set output outfile
set title "Harbor / Linux, guest instructions per operation (lower is better for Harbor)"
set ylabel "ratio (log scale)"
set grid ytics
set key off
set style fill solid 0.8 border -1
set boxwidth 0.7

rows = int(system("grep -vc '^#' '" . datafile . "'"))

if (rows == 0) {
    set title "Harbor / Linux instruction ratios"
    set label 1 "No ratios yet: Harbor produced no benchmark results." at graph 0.5, 0.5 center
    unset xtics
    unset ytics
    unset ylabel
    plot [0:1][0:1] NaN
} else {
    set logscale y
    set xtics rotate by -35 left nomirror
    set bmargin 12
    set xrange [-0.6:rows - 0.4]
    set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dashtype 2 lw 1.5
    plot datafile using 1:2:xtic(3) with boxes lc rgb "#3a6ea5", \
         '' using 1:2:(sprintf("%.2f", $2)) with labels offset 0,0.8
}
