"""Many units at once: finding workbooks, batch checking and rendering, the roster, the problem
list, progress, and the 汇总."""
