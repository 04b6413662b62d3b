package web

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"time"
)

// Pages and API answers built on the analytics snapshot say which data
// their figures are of: when a refresh is under way they show the previous
// figures at once, with "figures as of HH:MM, updating…" on the page
// (which reloads itself when the new ones are there, see app.js and
// GET /figures) and "stale": true in the API.

// figuresSeen records, for one request, the snapshot it was answered from.
type figuresSeen struct {
	snap  *snapshot
	fresh bool
}

type figuresKey struct{}

// withFigures gives the request a place to record the snapshot it uses.
func withFigures(ctx context.Context) context.Context {
	return context.WithValue(ctx, figuresKey{}, &figuresSeen{})
}

// snapshot returns the analytics for r (see insight.get) and records, for
// the page or answer, how current they are.
func (s *Server) snapshot(r *http.Request) (*snapshot, error) {
	snap, fresh, err := s.insight.get(r.Context())
	if err != nil {
		return nil, err
	}
	if seen, ok := r.Context().Value(figuresKey{}).(*figuresSeen); ok {
		seen.snap, seen.fresh = snap, fresh
	}
	return snap, nil
}

// figuresNote is what a page says of its figures.
type figuresNote struct {
	Stale   bool
	At      string // when they were worked out, HH:MM UTC
	Version string // the data they are of
}

// noteOf returns the note of the snapshot r was answered from; nil when
// the answer used none.
func noteOf(ctx context.Context) *figuresNote {
	seen, ok := ctx.Value(figuresKey{}).(*figuresSeen)
	if !ok || seen.snap == nil {
		return nil
	}
	return &figuresNote{Stale: !seen.fresh, At: seen.snap.at.UTC().Format("15:04"), Version: seen.snap.versions.String()}
}

// figuresState answers GET /figures: how current the figures are, for a
// page that waits for a refresh to end.
type figuresState struct {
	AsOfVersion string    `json:"as_of_version"` // the data the newest figures are of
	Version     string    `json:"version"`       // the data now
	Stale       bool      `json:"stale"`
	AsOf        time.Time `json:"as_of,omitzero"` // when the newest figures were worked out
	// WorkedOut names the figures the newest refresh worked out afresh
	// (model, pareto, cost-to-serve, stale-contacts, listening, care,
	// directory);
	// it kept the others. TookMS is how long it took.
	WorkedOut []string `json:"worked_out"`
	TookMS    int64    `json:"took_ms"`
}

func (s *Server) figures(w http.ResponseWriter, r *http.Request) error {
	if isAPI(r.URL.Path) {
		if err := noQuery(r); err != nil {
			return err
		}
	}
	v, err := s.st.Versions(r.Context())
	if err != nil {
		return err
	}
	s.insight.mu.Lock()
	cur := s.insight.cur
	s.insight.mu.Unlock()
	st := figuresState{Version: v.String(), Stale: true, WorkedOut: []string{}}
	if cur != nil {
		st.AsOfVersion, st.AsOf, st.Stale = cur.versions.String(), cur.at.UTC(), !cur.current(v)
		st.WorkedOut, st.TookMS = append(st.WorkedOut, cur.worked...), cur.took.Milliseconds()
	}
	if st.Stale {
		if _, _, err := s.insight.get(r.Context()); err != nil { // starts a refresh if none runs
			return err
		}
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// cachedReports are the reports a snapshot keeps (see snapshot.report).
var cachedReports = []string{"pareto", "cost-to-serve", "lapsed", "stale-contacts",
	"share-of-voice", "sentiment-trend", "mentions-negative", "mention-spikes"}

// report returns the report name of the snapshot, nil when it keeps none
// by that name.
func (s *snapshot) report(name string) any {
	var rep any
	switch o := s.listening; name {
	case "pareto":
		rep = s.pareto
	case "cost-to-serve":
		rep = s.cost
	case "lapsed":
		rep = s.lapsed
	case "stale-contacts":
		rep = s.stale
	case "share-of-voice":
		if o != nil {
			rep = o.Voice
		}
	case "sentiment-trend":
		if o != nil {
			rep = o.Trend
		}
	case "mentions-negative":
		if o != nil {
			rep = o.Negative
		}
	case "mention-spikes":
		if o != nil {
			rep = o.Spikes
		}
	}
	if v := reflect.ValueOf(rep); !v.IsValid() || v.IsNil() {
		return nil
	}
	return rep
}

// writeFigures writes rep, a JSON object from the snapshot r was answered
// from, with two keys in front: as_of_version (the data it is of) and
// stale (true while a refresh is under way).
func writeFigures(w http.ResponseWriter, r *http.Request, rep any) error {
	n := noteOf(r.Context())
	body, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	head, err := json.Marshal(struct {
		AsOfVersion string `json:"as_of_version"`
		Stale       bool   `json:"stale"`
	}{n.Version, n.Stale})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(head[:len(head)-1])
	if len(body) > 2 { // not {}
		_, _ = w.Write([]byte(","))
	}
	_, _ = w.Write(body[1:])
	_, _ = w.Write([]byte("\n"))
	return nil
}
