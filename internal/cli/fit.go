package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitalfew/vitalfew/internal/analytics/btyd"
	"github.com/vitalfew/vitalfew/internal/analyze"
	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// fitOutput is what `vitalfew fit --json` prints.
type fitOutput struct {
	Model          string `json:"model"`
	Unit           string `json:"unit"`
	CalibrationEnd string `json:"calibration_end"`
	HoldoutEnd     string `json:"holdout_end,omitempty"`
	Customers      int    `json:"customers"`
	// LeftOut counts, for gg, the repeat customers whose repeat purchases
	// are all of value zero: the spend model leaves them out.
	LeftOut       int                `json:"left_out,omitempty"`
	Patterns      int                `json:"patterns"`
	Params        map[string]float64 `json:"params"`
	LogLikelihood float64            `json:"log_likelihood"`
	StdErrors     map[string]float64 `json:"std_errors"`
	Holdout       *btyd.Holdout      `json:"holdout,omitempty"`
	// Tracking is the cumulative tracking curve through the holdout: actual
	// repeat purchases against the model's expectation for a cohort with
	// these first-purchase dates, period by period from the first purchase.
	Tracking []btyd.TrackPoint `json:"tracking,omitempty"`
	names    []string
	calIndex int // the tracking point at the end of calibration
}

func fitCmd(e *env) *cobra.Command {
	var (
		model, unit, calEnd, holdEnd, dateFormat string
		maps                                     []string
		asJSON                                   bool
	)
	cmd := &cobra.Command{
		Use:   "fit FILE",
		Short: "Fit a customer-base model (BG/NBD, Pareto/NBD, Gamma-Gamma) to a transactions file",
		Long: `Read a transactions file (customer, date and amount columns; the same header
names as "import orders"), summarise its purchases per customer (repeat
purchases, time of the last one, age, mean repeat spend; credits are not
purchases, same-day purchases count once) and fit a model by maximum likelihood:

  bgnbd  BG/NBD: purchase rate and drop-out after purchases (Fader, Hardie & Lee 2005)
  pnbd   Pareto/NBD: purchase rate and drop-out at any time
  gg     Gamma-Gamma: spend per purchase, fitted to the repeat customers
         (those whose repeat purchases are all of value zero are left out)

The calibration period ends at --calibration-end (default: the last date in
the file). With --holdout-end the purchases after calibration are kept back
and compared with the model's forecast for each customer. FILE - reads stdin.`,
		Example: `  vitalfew fit orders.csv --model bgnbd
  vitalfew fit orders.csv --model pnbd --calibration-end 1997-09-30 --holdout-end 1998-06-30 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch model {
			case "bgnbd", "pnbd", "gg":
			default:
				return crm.Errorf(crm.EINVALID, "--model: want bgnbd, pnbd or gg, got %q", model)
			}
			u, err := btyd.ParseUnit(unit)
			if err != nil {
				return crm.Errorf(crm.EINVALID, "--unit: %v", err)
			}
			cal, err := flagDate("--calibration-end", calEnd)
			if err != nil {
				return err
			}
			hold, err := flagDate("--holdout-end", holdEnd)
			if err != nil {
				return err
			}
			if !hold.IsZero() {
				if model == "gg" {
					return crm.Errorf(crm.EINVALID, "--holdout-end: the holdout check is for the purchase models (bgnbd, pnbd)")
				}
				if cal.IsZero() {
					return crm.Errorf(crm.EINVALID, "--holdout-end needs --calibration-end")
				}
				if !hold.After(cal) {
					return crm.Errorf(crm.EINVALID, "--holdout-end %s is not after --calibration-end %s", holdEnd, calEnd)
				}
			}
			m, err := parseMap(maps)
			if err != nil {
				return err
			}
			in, _, closeIn, err := e.openInput(args[0])
			if err != nil {
				return err
			}
			defer closeIn()
			out, err := runFit(in, args[0], m, dateFormat, model, u, cal, hold)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(e.stdout).Encode(out)
			}
			return out.writeText(e.stdout, e.lang)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&model, "model", "", "model: bgnbd, pnbd or gg (required)")
	fl.StringVar(&unit, "unit", "week", "time unit: day, week or month")
	fl.StringVar(&calEnd, "calibration-end", "", "last day of the calibration period (default: the last date in the file)")
	fl.StringVar(&holdEnd, "holdout-end", "", "last day of the holdout period; purchases after calibration up to it are predicted and compared")
	fl.StringArrayVar(&maps, "map", nil, "map a header to a field, HEADER=field (repeatable)")
	fl.StringVar(&dateFormat, "date-format", "", "date format: iso, yyyymmdd, dd.mm.yyyy, mm/dd/yyyy, dd/mm/yyyy")
	fl.BoolVar(&asJSON, "json", false, "print exact machine output as JSON")
	_ = cmd.MarkFlagRequired("model")
	return cmd
}

// runFit reads the orders, summarises them and fits the model.
func runFit(in io.Reader, file string, m map[string]string, dateFormat, model string, u btyd.Unit, cal, hold time.Time) (*fitOutput, error) {
	log, err := readFitLog(in, file, m, dateFormat)
	if err != nil {
		return nil, err
	}
	txns, last, shown := log.txns, log.last, log.shown
	opt := btyd.SummaryOptions{Unit: u, CalibrationEnd: last}
	if !cal.IsZero() {
		opt.CalibrationEnd = btyd.DayOf(cal)
	}
	if !hold.IsZero() {
		opt.HoldoutEnd = btyd.DayOf(hold)
	}
	s, err := btyd.Summarize(txns, opt)
	if err != nil {
		return nil, crm.Errorf(crm.EINVALID, "%s: %v", file, err)
	}
	out := &fitOutput{Model: model, Unit: u.String(), CalibrationEnd: dayString(opt.CalibrationEnd)}
	if !hold.IsZero() {
		out.HoldoutEnd = dayString(opt.HoldoutEnd)
	}
	fail := func(err error) error {
		// The summaries number the customers 0, 1, …; the user knows them
		// by the file's value.
		var ce *btyd.CustomerError
		if errors.As(err, &ce) && ce.ID >= 0 && ce.ID < log.customers {
			err = fmt.Errorf("customer %q: %s", shown(int32(ce.ID)), ce.Reason)
		}
		return crm.Errorf(crm.EINVALID, "%s: %s fit: %v", file, model, err)
	}
	var fitted btyd.Model
	switch model {
	case "bgnbd":
		f, err := btyd.FitBGNBD(s.Customers)
		if err != nil {
			return nil, fail(err)
		}
		p, se := f.Params, f.StdErr
		out.names = []string{"r", "alpha", "a", "b"}
		out.Params = map[string]float64{"r": p.R, "alpha": p.Alpha, "a": p.A, "b": p.B}
		out.StdErrors = map[string]float64{"r": se.R, "alpha": se.Alpha, "a": se.A, "b": se.B}
		out.LogLikelihood, out.Customers, out.Patterns, fitted = f.LogLik, f.Customers, f.Patterns, p
	case "pnbd":
		f, err := btyd.FitParetoNBD(s.Customers)
		if err != nil {
			return nil, fail(err)
		}
		p, se := f.Params, f.StdErr
		out.names = []string{"r", "alpha", "s", "beta"}
		out.Params = map[string]float64{"r": p.R, "alpha": p.Alpha, "s": p.S, "beta": p.Beta}
		out.StdErrors = map[string]float64{"r": se.R, "alpha": se.Alpha, "s": se.S, "beta": se.Beta}
		out.LogLikelihood, out.Customers, out.Patterns, fitted = f.LogLik, f.Customers, f.Patterns, p
	case "gg":
		f, err := btyd.FitGammaGamma(s.Customers)
		if err != nil {
			return nil, fail(err)
		}
		p, se := f.Params, f.StdErr
		out.names = []string{"p", "q", "gamma"}
		out.Params = map[string]float64{"p": p.P, "q": p.Q, "gamma": p.Gamma}
		out.StdErrors = map[string]float64{"p": se.P, "q": se.Q, "gamma": se.Gamma}
		out.LogLikelihood, out.Customers, out.Patterns, out.LeftOut = f.LogLik, f.Customers, f.Patterns, f.LeftOut
	}
	if fitted != nil && s.Holdout > 0 {
		h := btyd.Validate(fitted, s.Customers, s.Holdout, 7)
		out.Holdout = &h
		out.Tracking = btyd.Track(fitted, s)
		out.calIndex = int(float64(opt.CalibrationEnd-s.Start) / float64(u))
	}
	return out, nil
}

// fitLog is a transactions file read for a fit.
type fitLog struct {
	txns      []btyd.Txn // btyd.Purchases
	last      int32      // the latest date of any row, credits too
	customers int
	shown     func(customer int32) string // the file's value for a customer
}

// readFitLog reads the orders of a fit. A plain customer_id, date, amount
// file is read with analyze's parallel reader (analyze.ReadPurchases: each
// row 16 bytes, no record); any other file, and one in which that reader
// finds a problem, with the importer (ingest.ReadOrders), which reads
// tools' exports and is the one that names the problems, FILE:LINE: field:
// reason. Both take the same columns, --map and --date-format. The input
// is read twice only when the fast reader gives up: rewound when it is a
// file, kept as it is read otherwise.
func readFitLog(in io.Reader, file string, m map[string]string, dateFormat string) (*fitLog, error) {
	start, seekErr := int64(0), error(nil)
	sk, seekable := in.(io.Seeker)
	if seekable {
		start, seekErr = sk.Seek(0, io.SeekCurrent)
	}
	var kept keptBytes
	src := in
	if !seekable || seekErr != nil {
		src = io.TeeReader(in, &kept)
	}
	if l, err := fastFitLog(src, file, m, dateFormat); err == nil {
		return l, nil
	}
	if seekable && seekErr == nil {
		if _, err := sk.Seek(start, io.SeekStart); err != nil {
			return nil, fmt.Errorf("fit: read %s again: %w", file, err)
		}
	} else {
		in = io.MultiReader(kept.reader(), in)
	}
	return generalFitLog(in, file, m, dateFormat)
}

// keptBytes keeps what is written to it in blocks of 1 MiB: a stream as
// large as its input, without the copies of a doubling buffer.
type keptBytes struct{ blocks [][]byte }

func (k *keptBytes) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		last := len(k.blocks) - 1
		if last < 0 || len(k.blocks[last]) == cap(k.blocks[last]) {
			k.blocks = append(k.blocks, make([]byte, 0, 1<<20))
			last++
		}
		b := k.blocks[last]
		m := min(len(p), cap(b)-len(b))
		k.blocks[last] = append(b, p[:m]...)
		p = p[m:]
	}
	return n, nil
}

func (k *keptBytes) reader() io.Reader {
	rs := make([]io.Reader, len(k.blocks))
	for i, b := range k.blocks {
		rs[i] = bytes.NewReader(b)
	}
	return io.MultiReader(rs...)
}

// fastFitLog reads a plain file with analyze's reader; any error means
// "read it with the importer".
func fastFitLog(in io.Reader, file string, m map[string]string, dateFormat string) (*fitLog, error) {
	p, err := analyze.ReadPurchases(in, analyze.Options{File: file, Map: m, DateFormat: dateFormat})
	if err != nil {
		return nil, err
	}
	n := 0
	if k := len(p.Txns); k > 0 {
		n = int(p.Txns[k-1].Customer) + 1
	}
	return &fitLog{txns: p.Txns, last: p.LastDay, customers: n, shown: p.Key}, nil
}

// generalFitLog reads the orders with the importer.
func generalFitLog(in io.Reader, file string, m map[string]string, dateFormat string) (*fitLog, error) {
	res, err := ingest.ReadOrders(in, ingest.Options{File: file, Map: m, DateFormat: dateFormat})
	if err != nil {
		return nil, err
	}
	if len(res.Errors) > 0 {
		return nil, res.Errors
	}
	if len(res.Records) == 0 {
		return nil, crm.Errorf(crm.EINVALID, "%s: no orders to fit", file)
	}
	// Customers are told apart as import tells them apart: by the file's
	// customer id, else by name, else by e-mail; shown is the file's value.
	ids := map[string]int32{}
	var shown []string
	txns := make([]btyd.Txn, len(res.Records))
	last := int32(math.MinInt32)
	for i, r := range res.Records {
		key, show := "id:"+r.Account.ExternalID, r.Account.ExternalID
		if r.Account.ExternalID == "" {
			if r.Account.Name != "" {
				key, show = "name:"+strings.ToLower(r.Account.Name), r.Account.Name
			} else {
				key, show = "email:"+strings.ToLower(r.Account.Email), r.Account.Email
			}
		}
		id, ok := ids[key]
		if !ok {
			id = int32(len(ids))
			ids[key] = id
			shown = append(shown, show)
		}
		d := btyd.DayOf(r.Order.OrderedAt)
		last = max(last, d)
		txns[i] = btyd.Txn{Customer: id, Day: d, Amount: r.Order.Amount.Float()}
	}
	return &fitLog{txns: btyd.Purchases(txns), last: last, customers: len(shown), shown: func(c int32) string { return shown[c] }}, nil
}

func dayString(d int32) string {
	return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly)
}

func (o *fitOutput) writeText(w io.Writer, l *i18n.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { io.WriteString(tw, l.Lines(format, args...)) }
	title := map[string]string{"bgnbd": "BG/NBD", "pnbd": "Pareto/NBD", "gg": "Gamma-Gamma"}[o.Model]
	who := l.Lines("customers")
	if o.Model == "gg" {
		who = l.Lines("repeat customers")
	}
	unit, units := l.Value(o.Unit), l.Value(o.Unit+"s")
	p("%s fit: %d %s, time unit %s, calibration to %s\n", title, o.Customers, who, unit, l.Dates(o.CalibrationEnd))
	if o.LeftOut > 0 {
		p("%d repeat customers whose repeat purchases are all of value zero left out (the model's spends are positive)\n", o.LeftOut)
	}
	p("\n")
	p("parameter\testimate\tstd. error\t\n")
	for _, n := range o.names {
		p("%s\t%.6g\t%.4g\t\n", n, o.Params[n], o.StdErrors[n])
	}
	p("\nlog-likelihood\t%.4f\t\t\n", o.LogLikelihood)
	if o.Model == "gg" && o.Params["q"] > 1 {
		p("mean spend per purchase\t%.2f\t\t\n", o.Params["p"]*o.Params["gamma"]/(o.Params["q"]-1))
	}
	if h := o.Holdout; h != nil {
		p("\nholdout to %s (%.4g %s): actual %.0f repeat purchases, predicted %.1f (%+.1f%%); MAE %.3f, correlation %.3f\n\n",
			l.Dates(o.HoldoutEnd), h.Length, units, h.Actual, h.Predicted, 100*h.Error, h.MAE, h.Correlation)
		p("calibration x\tcustomers\tactual (mean)\tpredicted (mean)\t\n")
		for _, r := range h.ByFrequency {
			if r.Customers > 0 {
				p("%s\t%d\t%.3f\t%.3f\t\n", r.X, r.Customers, r.Actual, r.Predicted)
			}
		}
		if n := len(o.Tracking); n > 0 && o.calIndex < n {
			c, e := o.Tracking[o.calIndex], o.Tracking[n-1]
			p("\ncumulative repeat purchases (tracking; --json has every %s)\tactual\texpected\t\t\n", unit)
			p("end of calibration (%s %d)\t%.0f\t%.1f\t\t\n", unit, c.Period, c.Actual, c.Expected)
			p("end of holdout (%s %d)\t%.0f\t%.1f\t\t\n", unit, e.Period, e.Actual, e.Expected)
		}
	}
	return tw.Flush()
}
