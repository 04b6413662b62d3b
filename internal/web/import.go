package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"maps"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// Imports in the browser: upload a file, check the detected header mapping
// against a preview, change it, dry-run, run with progress, and see every
// rejected row with its reason. Uploads live in a temporary directory of
// this server's (removed when it stops, swept when the next one starts) and
// in memory for uploadTTL after their last use; each is visible only to the
// user who uploaded it, who keeps at most maxUploadsPerUser.

const (
	// DefaultMaxUpload is the largest file the web import takes unless
	// Config.MaxUpload says otherwise.
	DefaultMaxUpload  = 256 << 20
	uploadTTL         = time.Hour
	maxUploadsPerUser = 10
	previewRows       = 10
	maxShownRejects   = crm.MaxShownErrors
)

type upload struct {
	ID      string
	UserID  int64
	Kind    ingest.Kind
	File    string // the name the user's file had
	Path    string // where it is stored
	Size    int64
	Source  string
	Created time.Time
	importSettings

	mu   sync.Mutex
	used time.Time  // the last request for it
	job  *importJob // nil until a dry run or import starts
}

// profile is the tool's export the upload's source names, "" to recognise
// it from the header.
func (u *upload) profile() string {
	if ingest.IsProfile(u.Kind, u.Source) {
		return u.Source
	}
	return ""
}

func (u *upload) currentJob() *importJob {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.job
}

// importSettings are what the user chose on the preview page.
type importSettings struct {
	Map     map[string]string // header -> field ("-" ignores)
	DateFmt string
	Strict  bool
	Skip    bool
}

type importJob struct {
	DryRun bool
	Skip   bool
	set    importSettings // as the job started
	read   atomic.Int64
	mu     sync.Mutex
	phase  string
	rows   int
	done   bool
	res    importer.Result
	err    error
	took   time.Duration
}

type importJobs struct {
	dir  string
	max  int64 // bytes of one upload
	mu   sync.Mutex
	ups  map[string]*upload
	stop chan struct{}
	done chan struct{}
}

// uploadDirPrefix names the upload directories; the process id follows,
// so that a server can tell the directories of servers that stopped
// without removing them (killed) from those of servers still running.
const uploadDirPrefix = "vitalfew-uploads-"

func newImportJobs(max int64) (*importJobs, error) {
	sweepUploadDirs(os.TempDir())
	dir, err := os.MkdirTemp("", uploadDirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, err
	}
	j := &importJobs{dir: dir, max: max, ups: map[string]*upload{}, stop: make(chan struct{}), done: make(chan struct{})}
	go j.sweepEvery(time.Minute)
	return j, nil
}

// sweepUploadDirs removes the upload directories in tmp of servers that
// are no longer running.
func sweepUploadDirs(tmp string) {
	entries, _ := os.ReadDir(tmp)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), uploadDirPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		pid, _, _ := strings.Cut(rest, "-")
		if n, err := strconv.Atoi(pid); err == nil && !processRunning(n) {
			os.RemoveAll(filepath.Join(tmp, e.Name()))
		}
	}
}

// close stops the sweeping and removes the directory with every upload.
func (j *importJobs) close() error {
	close(j.stop)
	<-j.done
	return os.RemoveAll(j.dir)
}

func (j *importJobs) sweepEvery(d time.Duration) {
	defer close(j.done)
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-t.C:
			j.mu.Lock()
			j.sweep(time.Now(), -1)
			j.mu.Unlock()
		}
	}
}

// sweep forgets the uploads unused for uploadTTL, and beyond the
// maxUploadsPerUser newest of user uid (-1: none), that no import is
// running on. j.mu is held.
func (j *importJobs) sweep(now time.Time, uid int64) {
	var mine []*upload
	for id, u := range j.ups {
		if jb := u.currentJob(); jb != nil && !jb.finished() {
			continue
		}
		if now.Sub(u.lastUsed()) > uploadTTL {
			os.Remove(u.Path)
			delete(j.ups, id)
		} else if u.UserID == uid {
			mine = append(mine, u)
		}
	}
	if len(mine) < maxUploadsPerUser {
		return
	}
	slices.SortFunc(mine, func(a, b *upload) int { return a.lastUsed().Compare(b.lastUsed()) })
	for _, u := range mine[:len(mine)-maxUploadsPerUser+1] {
		os.Remove(u.Path)
		delete(j.ups, u.ID)
	}
}

// get returns the upload id of user uid; ENOTFOUND for anyone else's.
func (j *importJobs) get(id string, uid int64) (*upload, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	u, ok := j.ups[id]
	if !ok || u.UserID != uid {
		return nil, crm.Errorf(crm.ENOTFOUND, "no such upload (uploads are kept for %s after their last use)", uploadTTL)
	}
	u.mu.Lock()
	u.used = time.Now()
	u.mu.Unlock()
	return u, nil
}

func (j *importJobs) add(u *upload) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.sweep(time.Now(), u.UserID)
	u.used = time.Now()
	j.ups[u.ID] = u
}

func (u *upload) lastUsed() time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.used
}

func (jb *importJob) finished() bool {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	return jb.done
}

type importFormData struct {
	Kinds []ingest.Kind
	Error string
}

// Profiles are the tools' exports the import recognises, offered as
// sources.
func (importFormData) Profiles() []*ingest.Profile { return ingest.Profiles() }

func (importFormData) PageTitle(l *i18n.Lang) string { return l.T("Import") }

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, "import", http.StatusOK, importFormData{Kinds: ingest.Kinds()})
	return nil
}

// upload stores the posted file and shows its preview.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.imports.max+1<<20) // the file and the form around it
	mr, err := r.MultipartReader()
	if err != nil {
		return crm.Errorf(crm.EINVALID, "send the file as multipart/form-data")
	}
	u := &upload{ID: randomID(), Source: "import", Created: time.Now()}
	me, _ := userFrom(r.Context())
	u.UserID = me.ID
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return crm.Errorf(crm.EINVALID, "upload: %v", err)
		}
		switch p.FormName() {
		case "kind":
			if u.Kind, err = ingest.ParseKind(formValue(p)); err != nil {
				return s.importFormError(w, r, err)
			}
		case "source":
			if v := strings.TrimSpace(formValue(p)); v != "" {
				u.Source = v
			}
		case "file":
			u.File = filepath.Base(p.FileName())
			u.Path = filepath.Join(s.imports.dir, u.ID)
			f, err := os.OpenFile(u.Path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
			if err != nil {
				return err
			}
			u.Size, err = io.Copy(f, io.LimitReader(p, s.imports.max+1))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) || u.Size > s.imports.max {
				os.Remove(u.Path)
				return s.importFormError(w, r, crm.Errorf(crm.EINVALID,
					"file: larger than %d MiB, the most this server takes (serve --max-upload); or import it with vitalfew import", s.imports.max>>20))
			}
			if err != nil {
				os.Remove(u.Path)
				return err
			}
		}
	}
	switch {
	case u.Kind == "":
		return s.importFormError(w, r, crm.Errorf(crm.EINVALID, "kind: choose what the file holds"))
	case u.Path == "" || u.Size == 0:
		if u.Path != "" {
			os.Remove(u.Path)
		}
		return s.importFormError(w, r, crm.Errorf(crm.EINVALID, "file: choose a non-empty CSV or JSON Lines file"))
	}
	s.imports.add(u)
	http.Redirect(w, r, "/import/"+u.ID, http.StatusSeeOther)
	return nil
}

// importTemplate downloads a template of a kind ("orders.csv"): the
// headers the import recognises with two example rows, in German for a
// German page.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".csv")
	kind := ingest.Kind(name)
	if !ok || !slices.Contains(ingest.Kinds(), kind) {
		return crm.Errorf(crm.ENOTFOUND, "no such template (there is one for each of accounts, contacts, orders, order-lines, touchpoints, mentions, shipments, activities and activity-touches)")
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="vitalfew-`+string(kind)+`.csv"`)
	return ingest.WriteTemplate(w, kind, langOf(r.Context()).Code == "de")
}

func (s *Server) importFormError(w http.ResponseWriter, r *http.Request, err error) error {
	if crm.ErrorCode(err) != crm.EINVALID {
		return err
	}
	s.render(w, r, "import", http.StatusBadRequest, importFormData{Kinds: ingest.Kinds(), Error: errorIn(langOf(r.Context()), err)})
	return nil
}

func formValue(p *multipart.Part) string {
	b, _ := io.ReadAll(io.LimitReader(p, 4096))
	return string(b)
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

type previewData struct {
	Upload  *upload
	Set     importSettings
	Sample  *ingest.Sample
	Fields  []string
	Columns []columnChoice
	Formats []string
	Error   string
	// Ask says, in the user's language, which columns to pick: one line
	// per required field the header has no column for.
	Ask   []string
	Rows  []previewRow
	Later []previewRow // rows further down than those shown that would be rejected (no cells)
}

type columnChoice struct {
	Index  int
	Header string
	Field  string // "" = ignored
	Ask    bool   // a column to pick the missing field among
}

// previewRow is a row of the preview with the reasons it would be
// rejected, if it would.
type previewRow struct {
	Line     int
	Cells    []string
	Problems []string
}

// rowProblems are the reasons errs gives for line, "field: reason", in l.
func rowProblems(l *i18n.Lang, errs crm.RowErrors, line int) []string {
	var out []string
	for _, e := range errs {
		switch {
		case e.Line != line:
		case e.Field == "":
			out = append(out, l.Reason(e.Reason, e.Format, e.Args))
		default:
			out = append(out, e.Field+": "+l.Reason(e.Reason, e.Format, e.Args))
		}
	}
	return out
}

// askFor asks for the column of a required field the header lacks.
func askFor(l *i18n.Lang, field string) string {
	switch field {
	case "amount":
		return l.T("Pick the column that holds the amount.")
	case "date":
		return l.T("Pick the column that holds the date.")
	case "customer":
		return l.T("Pick the column that holds the customer: their number, name or email address.")
	case "name":
		return l.T("Pick the column that holds the name.")
	case "invoice_id":
		return l.T("Pick the column that holds the invoice number.")
	case "product":
		return l.T("Pick the column that holds the product: its number or name.")
	case "shipped":
		return l.T("Pick the column that holds the shipping date.")
	}
	return l.T("Pick the column for the field “%s”.", field)
}

func (d previewData) PageTitle(l *i18n.Lang) string { return l.T("Import %s", d.Upload.File) }

func (s *Server) currentUpload(r *http.Request) (*upload, error) {
	me, _ := userFrom(r.Context())
	return s.imports.get(r.PathValue("id"), me.ID)
}

// preview shows the detected mapping and the first rows.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUpload(r)
	if err != nil {
		return err
	}
	if u.currentJob() != nil && r.URL.Query().Get("edit") == "" {
		http.Redirect(w, r, "/import/"+u.ID+"/job", http.StatusSeeOther)
		return nil
	}
	return s.renderPreview(w, r, u, http.StatusOK, "")
}

func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, u *upload, status int, msg string) error {
	f, err := os.Open(u.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := ingest.ReadSample(f, ingest.Options{File: u.File})
	if err != nil {
		return s.importFormError(w, r, err)
	}
	set := u.settings()
	sample, err := ingest.Preview(data, u.Kind, ingest.Options{File: u.File, Map: set.Map, DateFormat: set.DateFmt, Form: true, Profile: u.profile()}, previewRows)
	if err != nil {
		return s.importFormError(w, r, err)
	}
	fields, _ := ingest.Fields(u.Kind)
	d := previewData{Upload: u, Set: set, Sample: sample, Fields: fields, Error: msg,
		Formats: []string{"iso", "yyyymmdd", "dd.mm.yyyy", "mm/dd/yyyy", "dd/mm/yyyy"}}
	byCol := map[int]string{}
	for f, c := range sample.Mapping {
		byCol[c] = f
	}
	l := langOf(r.Context())
	for _, f := range sample.Missing {
		d.Ask = append(d.Ask, askFor(l, f))
	}
	for i, h := range sample.Header {
		d.Columns = append(d.Columns, columnChoice{Index: i, Header: h, Field: byCol[i], Ask: len(d.Ask) > 0 && byCol[i] == ""})
	}
	for i, row := range sample.Rows {
		line := sample.Lines[i]
		d.Rows = append(d.Rows, previewRow{Line: line, Cells: row, Problems: rowProblems(l, sample.Errors, line)})
	}
	later := sample.Later
	if jb := u.currentJob(); jb != nil {
		// A finished dry run or import with these settings checked the
		// whole file: its rejected rows beyond those shown are named too.
		if rejects := jb.rejectsWith(set); len(rejects) > 0 {
			later = rejects
		}
	}
	last := 0
	if n := len(sample.Lines); n > 0 {
		last = sample.Lines[n-1]
	}
	for i := 0; i < len(later) && len(d.Later) < maxShownRejects; {
		j := i + 1 // later[i:j] are about one line (they are in line order)
		for j < len(later) && later[j].Line == later[i].Line {
			j++
		}
		if later[i].Line > last {
			d.Later = append(d.Later, previewRow{Line: later[i].Line, Problems: rowProblems(l, later[i:j], later[i].Line)})
		}
		i = j
	}
	s.render(w, r, "import_preview", status, d)
	return nil
}

// importAction saves the mapping and options, then previews again or
// starts a dry run or the import. Starting is one step under the upload's
// lock: a second "run" while one runs, or after an import of the same file
// with the same settings has finished, shows that job instead of starting
// another.
func (s *Server) importAction(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUpload(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return crm.Errorf(crm.EINVALID, "form: %v", err)
	}
	f, err := os.Open(u.Path)
	if err != nil {
		return err
	}
	data, err := ingest.ReadSample(f, ingest.Options{File: u.File})
	f.Close()
	if err != nil {
		return s.importFormError(w, r, err)
	}
	sample, err := ingest.Preview(data, u.Kind, ingest.Options{File: u.File, Form: true, Profile: u.profile()}, 0)
	if err != nil {
		return s.importFormError(w, r, err)
	}
	set := u.settings()
	if _, ok := r.PostForm["col0"]; ok {
		m := map[string]string{}
		for i, h := range sample.Header {
			v := r.PostForm.Get("col" + itoa(i))
			if v == "" {
				v = "-"
			}
			m[h] = v
		}
		set.Map = m
	}
	set.DateFmt = r.PostForm.Get("date_format")
	set.Strict = r.PostForm.Get("strict") == "1"
	set.Skip = r.PostForm.Get("skip_invalid") == "1"
	action := r.PostForm.Get("action")
	if action != "preview" && action != "dry-run" && action != "run" {
		return crm.Errorf(crm.EINVALID, "action: preview, dry-run or run")
	}
	jobPage := "/import/" + u.ID + "/job"
	u.mu.Lock()
	defer u.mu.Unlock()
	if jb := u.job; jb != nil && (!jb.finished() || action == "run" && jb.imported(set)) {
		http.Redirect(w, r, jobPage, http.StatusSeeOther)
		return nil
	}
	u.importSettings = set
	if action == "preview" {
		http.Redirect(w, r, "/import/"+u.ID+"?edit=1", http.StatusSeeOther)
		return nil
	}
	jb := &importJob{DryRun: action == "dry-run", Skip: set.Skip, set: set, phase: "starting"}
	u.job = jb
	// The import outlives the request; shutdown waits for it (ops.go).
	s.startImport(r, func(ctx context.Context) { s.runImport(ctx, u, jb) })
	http.Redirect(w, r, jobPage, http.StatusSeeOther)
	return nil
}

// imported reports whether jb is a finished import (not a dry run) that
// succeeded with settings set.
func (jb *importJob) imported(set importSettings) bool {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	return jb.done && !jb.DryRun && jb.err == nil && maps.Equal(jb.set.Map, set.Map) &&
		jb.set.DateFmt == set.DateFmt && jb.set.Strict == set.Strict && jb.set.Skip == set.Skip
}

// rejectsWith returns the rows jb rejected, or found bad, if it finished
// with settings set; nil else.
func (jb *importJob) rejectsWith(set importSettings) crm.RowErrors {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	if !jb.done || !maps.Equal(jb.set.Map, set.Map) || jb.set.DateFmt != set.DateFmt || jb.set.Strict != set.Strict {
		return nil
	}
	var rows crm.RowErrors
	if errors.As(jb.err, &rows) {
		return rows
	}
	return jb.res.Rejects
}

// settings returns a copy of the upload's import settings.
func (u *upload) settings() importSettings {
	u.mu.Lock()
	defer u.mu.Unlock()
	set := u.importSettings
	set.Map = maps.Clone(set.Map)
	return set
}

func (s *Server) runImport(ctx context.Context, u *upload, jb *importJob) {
	start := time.Now()
	set := func(phase string, rows int) {
		jb.mu.Lock()
		jb.phase, jb.rows = phase, rows
		jb.mu.Unlock()
	}
	set("reading", 0)
	res, err := func() (importer.Result, error) {
		f, err := os.Open(u.Path)
		if err != nil {
			return importer.Result{}, err
		}
		defer f.Close()
		opt := ingest.Options{File: u.File, Map: jb.set.Map, DateFormat: jb.set.DateFmt, KeepRaw: true, Form: true, Profile: u.profile()}
		// The rows read so far, and how far into the file they reach (the
		// file is in memory before it is parsed: its bytes read say nothing).
		opt.Progress = func(read, total int64, n int) {
			if total > 0 {
				jb.read.Store(int64(float64(read) / float64(total) * float64(u.Size)))
			}
			set("reading", n)
		}
		iopt := crm.ImportOptions{File: u.File, Source: u.Source, Strict: jb.set.Strict, DryRun: jb.DryRun, SkipInvalid: jb.Skip}
		rows := 0
		iopt.Waiting = func() func() {
			set("waiting for another import", rows)
			return func() { set("writing", rows) }
		}
		return importer.Run(ctx, s.st, u.Kind, f, opt, iopt, func(n int) func() {
			rows = n
			set("writing", rows)
			return func() {}
		})
	}()
	if err != nil && crm.ErrorCode(err) == crm.EINTERNAL && ctx.Err() == nil {
		s.log.Error("import", slog.String("file", u.File), slog.Any("err", err))
	}
	s.logImportEnd(ctx, u.File, jb.DryRun, err)
	jb.mu.Lock()
	jb.res, jb.err, jb.done, jb.took, jb.phase = res, err, true, time.Since(start), "done"
	jb.mu.Unlock()
}

type jobData struct {
	Upload   *upload
	Set      importSettings
	DryRun   bool
	Skip     bool
	Done     bool
	Phase    string
	Rows     int
	Progress float64
	Summary  crm.ImportSummary
	Profile  *ingest.ProfileUsed // the tool's export the file was read as
	Tally    []ingest.Tally      // what the profile left out or changed
	Rejects  crm.RowErrors       // shown, at most maxShownRejects
	NRejects int
	Failed   bool   // the import was refused: nothing written
	Error    string // a failure that is not about rows
	Took     time.Duration
}

func (d jobData) PageTitle(l *i18n.Lang) string { return l.T("Import of %s", d.Upload.File) }

func (s *Server) jobState(l *i18n.Lang, u *upload, jb *importJob) jobData {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	d := jobData{Upload: u, Set: jb.set, DryRun: jb.DryRun, Skip: jb.Skip, Done: jb.done, Phase: jb.phase, Rows: jb.rows, Took: jb.took.Round(time.Millisecond)}
	if u.Size > 0 {
		d.Progress = float64(jb.read.Load()) / float64(u.Size)
	}
	if !jb.done {
		return d
	}
	d.Progress = 1
	var rows crm.RowErrors
	switch {
	case errors.As(jb.err, &rows):
		d.Failed, d.Rejects, d.NRejects = true, rows, len(rows)
	case jb.err != nil:
		d.Failed, d.Error = true, errorIn(l, jb.err)
		if crm.ErrorCode(jb.err) == crm.EINTERNAL {
			d.Error = i18n.N("the import failed on our side; it has been logged and nothing was written")
		}
	default:
		d.Summary, d.Rejects, d.NRejects = jb.res.ImportSummary, jb.res.Rejects, len(jb.res.Rejects)
		d.Profile, d.Tally = jb.res.Profile, jb.res.Tally
	}
	if len(d.Rejects) > maxShownRejects {
		d.Rejects = d.Rejects[:maxShownRejects]
	}
	return d
}

func (s *Server) importJob(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUpload(r)
	if err != nil {
		return err
	}
	jb := u.currentJob()
	if jb == nil {
		http.Redirect(w, r, "/import/"+u.ID, http.StatusSeeOther)
		return nil
	}
	s.render(w, r, "import_job", http.StatusOK, s.jobState(langOf(r.Context()), u, jb))
	return nil
}

// importStatus is the job's state as JSON, for the page's progress script.
func (s *Server) importStatus(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUpload(r)
	if err != nil {
		return err
	}
	jb := u.currentJob()
	if jb == nil {
		return crm.Errorf(crm.ENOTFOUND, "the import has not started")
	}
	d := s.jobState(langOf(r.Context()), u, jb)
	l := langOf(r.Context())
	phase := l.Value(d.Phase)
	if d.Phase == "writing" {
		phase = l.T("writing %s rows to the database", l.Count(int64(d.Rows)))
	}
	writeJSON(w, http.StatusOK, map[string]any{"phase": phase, "progress": d.Progress, "done": d.Done})
	return nil
}

// importRejects downloads the rejected rows with their reasons as CSV.
func (s *Server) importRejects(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUpload(r)
	if err != nil {
		return err
	}
	jb := u.currentJob()
	if jb == nil || !jb.finished() {
		return crm.Errorf(crm.ENOTFOUND, "the import has not finished")
	}
	jb.mu.Lock()
	res, jerr := jb.res, jb.err
	jb.mu.Unlock()
	var rows crm.RowErrors
	header, raw := res.Header, res.Raw
	if errors.As(jerr, &rows) {
		// A refused import keeps no raw rows; list the reasons alone.
		header, raw = nil, nil
	} else {
		rows = res.Rejects
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="rejects.csv"`)
	return ingest.WriteRejects(w, header, raw, rows)
}
