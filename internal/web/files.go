package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
	"github.com/vitalfew/vitalfew/internal/ingest"
)

// Files of the portal's spaces (datasheets, manuals) and the attendance
// reports of their events: staff upload both on the space's page; the
// space's contacts download its files in the portal. A file is always
// served as an attachment of the type the store sniffed (never a page),
// with nosniff, and never cached.

// readUpload reads the file of the multipart form field field, at most
// max bytes (the form is not read by readForm: it is no urlencoded form).
func readUpload(w http.ResponseWriter, r *http.Request, field string, max int64) (string, []byte, error) {
	tooLarge := crm.Errorf(crm.EINVALID, "file: larger than %d MiB", max>>20)
	r.Body = http.MaxBytesReader(w, r.Body, max+1<<20) // the file and the form around it
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, crm.Errorf(crm.EINVALID, "send the file as multipart/form-data")
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, crm.Errorf(crm.EINVALID, "file: choose a file that is not empty")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, tooLarge
		}
		if err != nil {
			return "", nil, crm.Errorf(crm.EINVALID, "upload: %v", err)
		}
		if p.FormName() != field {
			continue
		}
		var b bytes.Buffer
		_, err = b.ReadFrom(io.LimitReader(p, max+1))
		if errors.As(err, &mbe) || int64(b.Len()) > max {
			return "", nil, tooLarge
		}
		if err != nil {
			return "", nil, crm.Errorf(crm.EINVALID, "upload: %v", err)
		}
		if b.Len() == 0 {
			return "", nil, crm.Errorf(crm.EINVALID, "file: choose a file that is not empty")
		}
		return p.FileName(), b.Bytes(), nil
	}
}

// uploadSpaceFile keeps the posted file (field file) in the space. Staff.
func (s *Server) uploadSpaceFile(w http.ResponseWriter, r *http.Request) error {
	id, err := portalID(r, "id")
	if err != nil {
		return crm.Errorf(crm.ENOTFOUND, "no such space")
	}
	name, data, err := readUpload(w, r, "file", crm.MaxFileSize)
	if err == nil {
		_, err = s.st.AddSpaceFile(r.Context(), id, name, data)
	}
	if crm.ErrorCode(err) == crm.EINVALID {
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(id, 10)+"#files", http.StatusSeeOther)
	return nil
}

// deleteSpaceFile removes a file of a space. Staff.
func (s *Server) deleteSpaceFile(w http.ResponseWriter, r *http.Request) error {
	spaceID, fileID, err := spaceIDs(r, "file_id", "no such file")
	if err != nil {
		return err
	}
	if err := s.st.DeleteSpaceFile(r.Context(), spaceID, fileID); err != nil {
		return err
	}
	http.Redirect(w, r, "/spaces/"+strconv.FormatInt(spaceID, 10)+"#files", http.StatusSeeOther)
	return nil
}

// spaceFile downloads a file of a space: for staff (viewer), and in the
// portal for a contact who sees the space, any other being the missing
// page. The name at the end of the portal's path is the file's, for the
// browser; the ids decide.
func (s *Server) spaceFile(w http.ResponseWriter, r *http.Request) error {
	spaceID, fileID, err := spaceIDs(r, "file_id", "no such file")
	if err != nil {
		return err
	}
	f, err := s.st.SpaceFile(r.Context(), spaceID, fileID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", servedType(f.ContentType))
	h.Set("Content-Disposition", attachment(f.Name))
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, err = w.Write(f.Data)
	return err
}

// servedType is the stored content type, unless it is anything a browser
// would run (a row changed by hand): then application/octet-stream.
func servedType(ct string) string {
	l := strings.ToLower(ct)
	if strings.Contains(l, "html") || strings.Contains(l, "xml") || strings.Contains(l, "script") || strings.ContainsAny(l, "\r\n") {
		return "application/octet-stream"
	}
	return ct
}

// attachment is the Content-Disposition of a download named name: an
// ASCII fallback and the name itself in RFC 5987's encoding, nothing of it
// unescaped.
func attachment(name string) string {
	var ascii, enc strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune(".-_ ()", r):
			ascii.WriteRune(r)
		default:
			ascii.WriteByte('_')
		}
	}
	for _, b := range []byte(name) {
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', strings.IndexByte("!#$&+-.^_`|~", b) >= 0:
			enc.WriteByte(b)
		default:
			fmt.Fprintf(&enc, "%%%02X", b)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}

// fileView is a file as a page lists it: its link's last part and its
// size for people.
type fileView struct {
	crm.SpaceFile
	PathName string
	Human    string
}

func fileViews(l *i18n.Lang, files []crm.SpaceFile) []fileView {
	out := make([]fileView, len(files))
	for i, f := range files {
		size := l.T("%s KB", l.Num(fmt.Sprintf("%.0f", max(1, float64(f.Size)/1000))))
		if f.Size >= 1_000_000 {
			size = l.T("%s MB", l.Num(fmt.Sprintf("%.1f", float64(f.Size)/1_000_000)))
		}
		out[i] = fileView{f, url.PathEscape(f.Name), size}
	}
	return out
}

// attendanceReport is what the space's page shows after an attendance
// import.
type attendanceReport struct {
	Event crm.Event
	crm.AttendanceResult
}

// importAttendance reads the meeting tool's attendance report of an event
// (field file) and records who attended; the space's page shows what it
// did, with the e-mail addresses of no contact. Staff.
func (s *Server) importAttendance(w http.ResponseWriter, r *http.Request) error {
	e, err := s.eventOf(r)
	if err != nil {
		return err
	}
	bad := func(err error) error {
		if crm.ErrorCode(err) != crm.EINVALID {
			return err
		}
		return s.renderSpace(w, r, http.StatusBadRequest, errorIn(langOf(r.Context()), err))
	}
	name, data, err := readUpload(w, r, "file", crm.MaxAttendanceFile)
	if err != nil {
		return bad(err)
	}
	attendees, noEmail, err := ingest.ParseAttendance(data)
	if err != nil {
		return bad(err)
	}
	res, err := s.st.ImportAttendance(r.Context(), e.SpaceID, e.ID, name, attendees, noEmail)
	if err != nil {
		return bad(err)
	}
	return s.renderSpaceWith(w, r, http.StatusOK, spaceData{Attendance: &attendanceReport{e, res}})
}
