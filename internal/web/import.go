package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/importer"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// Imports in the browser: upload a file, check the detected header mapping
// against a preview, change it, dry-run, run with progress, and see every
// rejected row with its reason. Uploads live in a temporary directory and
// in memory for uploadTTL; each is visible only to the user who uploaded it.

const (
	maxUpload       = 1 << 30 // 1 GiB
	uploadTTL       = 6 * time.Hour
	previewRows     = 10
	maxShownRejects = 1000
)

type upload struct {
	ID      string
	UserID  int64
	Kind    ingest.Kind
	File    string // the name the user's file had
	Path    string // where it is stored
	Size    int64
	Source  string
	Map     map[string]string // header -> field ("-" ignores)
	DateFmt string
	Strict  bool
	Skip    bool
	Created time.Time

	mu  sync.Mutex
	job *importJob // nil until a dry run or import starts
}

func (u *upload) currentJob() *importJob {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.job
}

type importJob struct {
	DryRun bool
	Skip   bool
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
	dir string
	mu  sync.Mutex
	ups map[string]*upload
}

func newImportJobs() (*importJobs, error) {
	dir, err := os.MkdirTemp("", "vitalfew-uploads-")
	if err != nil {
		return nil, err
	}
	return &importJobs{dir: dir, ups: map[string]*upload{}}, nil
}

// get returns the upload id of user uid; ENOTFOUND for anyone else's.
func (j *importJobs) get(id string, uid int64) (*upload, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	u, ok := j.ups[id]
	if !ok || u.UserID != uid {
		return nil, crm.Errorf(crm.ENOTFOUND, "no such upload (uploads are kept for %s)", uploadTTL)
	}
	return u, nil
}

func (j *importJobs) add(u *upload) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for id, old := range j.ups {
		if jb := old.currentJob(); time.Since(old.Created) > uploadTTL && (jb == nil || jb.finished()) {
			os.Remove(old.Path)
			delete(j.ups, id)
		}
	}
	j.ups[u.ID] = u
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

func (importFormData) PageTitle() string { return "Import" }

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, "import", http.StatusOK, importFormData{Kinds: ingest.Kinds()})
	return nil
}

// upload stores the posted file and shows its preview.
func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
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
			u.Size, err = io.Copy(f, p)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(u.Path)
				var mbe *http.MaxBytesError
				if errors.As(err, &mbe) {
					return s.importFormError(w, r, crm.Errorf(crm.EINVALID, "the file is larger than %d MB; import it with vitalfew import", maxUpload>>20))
				}
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

func (s *Server) importFormError(w http.ResponseWriter, r *http.Request, err error) error {
	if crm.ErrorCode(err) != crm.EINVALID {
		return err
	}
	s.render(w, r, "import", http.StatusBadRequest, importFormData{Kinds: ingest.Kinds(), Error: err.Error()})
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
	Sample  *ingest.Sample
	Fields  []string
	Columns []columnChoice
	Formats []string
	Error   string
}

type columnChoice struct {
	Index  int
	Header string
	Field  string // "" = ignored
}

func (d previewData) PageTitle() string { return "Import " + d.Upload.File }

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
	data, err := io.ReadAll(io.LimitReader(f, ingest.SampleSize))
	if err != nil {
		return err
	}
	sample, err := ingest.Preview(data, u.Kind, ingest.Options{File: u.File, Map: u.Map, DateFormat: u.DateFmt}, previewRows)
	if err != nil {
		return s.importFormError(w, r, err)
	}
	fields, _ := ingest.Fields(u.Kind)
	d := previewData{Upload: u, Sample: sample, Fields: fields, Error: msg,
		Formats: []string{"iso", "yyyymmdd", "dd.mm.yyyy", "mm/dd/yyyy", "dd/mm/yyyy"}}
	byCol := map[int]string{}
	for f, c := range sample.Mapping {
		byCol[c] = f
	}
	for i, h := range sample.Header {
		d.Columns = append(d.Columns, columnChoice{Index: i, Header: h, Field: byCol[i]})
	}
	s.render(w, r, "import_preview", status, d)
	return nil
}

// importAction saves the mapping and options, then previews again or
// starts a dry run or the import.
func (s *Server) importAction(w http.ResponseWriter, r *http.Request) error {
	u, err := s.currentUpload(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return crm.Errorf(crm.EINVALID, "form: %v", err)
	}
	if jb := u.currentJob(); jb != nil && !jb.finished() {
		http.Redirect(w, r, "/import/"+u.ID+"/job", http.StatusSeeOther)
		return nil
	}
	f, err := os.Open(u.Path)
	if err != nil {
		return err
	}
	data, err := io.ReadAll(io.LimitReader(f, ingest.SampleSize))
	f.Close()
	if err != nil {
		return err
	}
	sample, err := ingest.Preview(data, u.Kind, ingest.Options{File: u.File}, 0)
	if err != nil {
		return s.importFormError(w, r, err)
	}
	if _, ok := r.PostForm["col0"]; ok {
		m := map[string]string{}
		for i, h := range sample.Header {
			v := r.PostForm.Get("col" + itoa(i))
			if v == "" {
				v = "-"
			}
			m[h] = v
		}
		u.Map = m
	}
	u.DateFmt = r.PostForm.Get("date_format")
	u.Strict = r.PostForm.Get("strict") == "1"
	u.Skip = r.PostForm.Get("skip_invalid") == "1"
	switch action := r.PostForm.Get("action"); action {
	case "preview":
		http.Redirect(w, r, "/import/"+u.ID+"?edit=1", http.StatusSeeOther)
		return nil
	case "dry-run", "run":
		jb := &importJob{DryRun: action == "dry-run", Skip: u.Skip, phase: "starting"}
		u.mu.Lock()
		u.job = jb
		u.mu.Unlock()
		ctx := context.WithoutCancel(r.Context()) // the import outlives the request
		go s.runImport(ctx, u, jb)
		http.Redirect(w, r, "/import/"+u.ID+"/job", http.StatusSeeOther)
		return nil
	default:
		return crm.Errorf(crm.EINVALID, "action: preview, dry-run or run")
	}
}

// progressReader counts the bytes read.
type progressReader struct {
	r io.Reader
	n *atomic.Int64
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n.Add(int64(n))
	return n, err
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
		opt := ingest.Options{File: u.File, Map: u.Map, DateFormat: u.DateFmt, KeepRaw: true}
		iopt := crm.ImportOptions{File: u.File, Source: u.Source, Strict: u.Strict, DryRun: jb.DryRun, SkipInvalid: jb.Skip}
		rows := 0
		iopt.Waiting = func() func() {
			set("waiting for another import", rows)
			return func() { set("writing", rows) }
		}
		return importer.Run(ctx, s.st, u.Kind, progressReader{f, &jb.read}, opt, iopt, func(n int) func() {
			rows = n
			set("writing", rows)
			return func() {}
		})
	}()
	if err != nil && crm.ErrorCode(err) == crm.EINTERNAL {
		s.log.Error("import", slog.String("file", u.File), slog.Any("err", err))
	}
	jb.mu.Lock()
	jb.res, jb.err, jb.done, jb.took, jb.phase = res, err, true, time.Since(start), "done"
	jb.mu.Unlock()
}

type jobData struct {
	Upload   *upload
	DryRun   bool
	Skip     bool
	Done     bool
	Phase    string
	Rows     int
	Progress float64
	Summary  crm.ImportSummary
	Rejects  crm.RowErrors // shown, at most maxShownRejects
	NRejects int
	Failed   bool   // the import was refused: nothing written
	Error    string // a failure that is not about rows
	Took     time.Duration
}

func (d jobData) PageTitle() string { return "Import " + d.Upload.File }

func (s *Server) jobState(u *upload, jb *importJob) jobData {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	d := jobData{Upload: u, DryRun: jb.DryRun, Skip: jb.Skip, Done: jb.done, Phase: jb.phase, Rows: jb.rows, Took: jb.took.Round(time.Millisecond)}
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
		d.Failed, d.Error = true, jb.err.Error()
		if crm.ErrorCode(jb.err) == crm.EINTERNAL {
			d.Error = "the import failed on our side; it has been logged and nothing was written"
		}
	default:
		d.Summary, d.Rejects, d.NRejects = jb.res.ImportSummary, jb.res.Rejects, len(jb.res.Rejects)
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
	s.render(w, r, "import_job", http.StatusOK, s.jobState(u, jb))
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
	d := s.jobState(u, jb)
	phase := d.Phase
	if d.Phase == "writing" {
		phase = "writing " + itoa(d.Rows) + " rows to the database"
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
