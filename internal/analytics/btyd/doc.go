// Package btyd is the "buy till you die" family of customer-base models:
// BG/NBD and Pareto/NBD for how often customers buy and whether they are
// still customers, Gamma-Gamma for how much they spend, and what follows —
// P(alive), expected purchases, the purchase distribution, discounted
// lifetime value (the monthly-discount convention of the Python reference
// lifetimes, and DERT for Pareto/NBD), holdout validation and the tracking
// curve.
//
// It is pure math on slices: Summarize turns a transaction log into one
// summary per customer, the Fit functions estimate the models by maximum
// likelihood, and the model types answer the questions. No I/O, no SQL, no
// clocks.
//
// Fits work on the distinct (x, t_x, T) patterns with analytic gradients and
// spread the sum over the cores; the log-likelihoods are written in forms
// that stay finite where the textbook ones overflow (the BG/NBD large-x case,
// the Pareto/NBD difference of hypergeometric functions). The formulas and
// the published numbers they are tested against are in
// ../shared/reference/btyd.md and docs/models.md.
package btyd
