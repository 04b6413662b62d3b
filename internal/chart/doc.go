// Package chart draws the product's charts as SVG from plain slices: the
// Pareto chart, the Lorenz and whale curves, trends over time, grouped bars
// and sparklines. It is pure: no I/O, no clocks, no state; the same input
// gives the same bytes.
//
// # API
//
// Every chart is a struct of its data and options whose SVG method returns
// one <svg> element; HTML returns the same as template.HTML for inlining in
// html/template pages:
//
//		svg := chart.Pareto{
//			Options:  chart.Options{Title: "Revenue by customer"},
//			Revenues: revenuesSortedDescending,
//			Tiers:    []chart.Tier{{Name: "A", Customers: 1823}, {Name: "B", Customers: 2410}, {Name: "C", Customers: 5767}},
//		}.SVG()
//
//	  - [Pareto]: revenue per account ranked largest first as bars (bucketed
//	    into at most MaxBars bars, 100 by default, so 100,000 accounts give a
//	    ~20 kB SVG), the cumulative share as a line on a right-hand axis, the
//	    80% reference and the point where the line crosses it, and ABC tiers
//	    as bar shades with their boundaries and names.
//	  - [Lorenz]: the concentration curve (points from pareto.Lorenz), the
//	    diagonal of equality, the top 20% share and the Gini coefficient as
//	    large figures beside it.
//	  - [Whale]: the curve from pareto.Whale, cumulative profit over
//	    customers ranked most profitable first, the peak marked, the falling
//	    part dashed, total profit as a reference.
//	  - [Trend]: one or more time series over calendar-aligned date ticks.
//	  - [Bars]: grouped bars, e.g. effort share against revenue share per
//	    tier, each bar labelled with its value.
//	  - [Sparkline]: a word-sized line without axes, at a fixed pixel size.
//
// Full-size charts embed [Options]: a Title (drawn, and the accessible
// name), an optional Desc (otherwise a summary of the data is written), an
// optional ID prefix, and the viewBox Width and Height (720 by 400). Values
// are written per [Format]: Money and Number compactly on axes ("1.25M")
// and in full in tooltips ("1,250,000.00"), Percent for shares, Count for
// whole numbers.
//
// # Guarantees
//
//   - Safe to inline: every text, including account names, is XML-escaped
//     and stripped of control characters; the output holds only svg, g,
//     title, desc, rect, line, path, circle and text elements, with no
//     script, style sheet, class, event handler, link or external
//     reference. The only ids are the chart's title and description,
//     prefixed by Options.ID or by a hash of the chart's content, so
//     different charts on one page never collide (give the same chart
//     shown twice an explicit ID).
//   - Accessible: role="img" with aria-labelledby naming the <title> and
//     <desc>; each bar and data point carries a <title>, the browser's
//     native tooltip, with its label and formatted value (no JavaScript).
//   - Readable without colour: the Okabe–Ito palette, ordered so that
//     neighbouring series also differ in lightness; line series differ in
//     dash pattern and marker shape too; text labels name what matters.
//   - Printable and responsive: a viewBox with width 100%, no background
//     fill (the page's shows through, so put charts on a light card),
//     strokes of at least one unit, meaning carried by lines, marks and
//     words rather than shading alone.
//   - Total: empty input, a single point, zeros, negative and non-finite
//     values give a sensible chart (a "No data to chart" frame when nothing
//     is left to draw); the output never holds NaN or Inf.
//
// Untrusted text is clipped to fit (an ellipsis marks the cut) and shown in
// full, up to 300 characters, in tooltips.
package chart
