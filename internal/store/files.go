package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Files of the portal's spaces: staff upload them, whoever sees the space
// downloads them. The store sniffs what a file is from its bytes and keeps
// a type of the allow list below, else application/octet-stream, so that
// no upload is ever served as a page. A file of a space the actor may not
// see is not found, exactly as a missing one.

var errNoFile = crm.Errorf(crm.ENOTFOUND, "no such file")

// maxSpaceFileBytes is crm.MaxSpaceFileBytes, smaller in a test.
var maxSpaceFileBytes int64 = crm.MaxSpaceFileBytes

// fileTypes are the content types a file keeps as sniffed; office
// documents by their name once the bytes say zip or OLE.
var fileTypes = map[string]bool{
	"application/pdf": true, "image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"text/plain; charset=utf-8": true, "application/zip": true,
}

// officeTypes are the office documents by extension: the zip-based ones
// (and OpenDocument), and the OLE ones of old.
var officeTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odp":  "application/vnd.oasis.opendocument.presentation",
	".doc":  "application/msword",
	".xls":  "application/vnd.ms-excel",
	".ppt":  "application/vnd.ms-powerpoint",
}

// oleMagic starts the old office formats (Compound File Binary).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// FileContentType is the content type a file named name with bytes data
// is kept and served as: what http.DetectContentType sniffs when it is on
// the allow list (PDF, PNG, JPEG, GIF, WebP, plain text, CSV, zip, office
// documents), else application/octet-stream. Never text/html.
func FileContentType(name string, data []byte) string {
	sniffed := http.DetectContentType(data)
	ext := strings.ToLower(path.Ext(name))
	switch {
	case sniffed == "application/zip" && officeTypes[ext] != "" && ext != ".doc" && ext != ".xls" && ext != ".ppt":
		return officeTypes[ext]
	case bytes.HasPrefix(data, oleMagic) && (ext == ".doc" || ext == ".xls" || ext == ".ppt"):
		return officeTypes[ext]
	case sniffed == "text/plain; charset=utf-8" && ext == ".csv":
		return "text/csv; charset=utf-8"
	case fileTypes[sniffed]:
		return sniffed
	}
	return "application/octet-stream"
}

// cleanFileName keeps the last element of name (a browser may send a
// path), without control or format characters, at most crm.MaxFileName
// bytes; "file" when nothing is left.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '"' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	for len(name) > crm.MaxFileName {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == ".." {
		return "file"
	}
	return name
}

// AddSpaceFile keeps file data named name in space spaceID: at most
// crm.MaxFileSize bytes, and the space's files at most
// crm.MaxSpaceFileBytes together. Staff and up. Audited (without the
// bytes).
func (s *Store) AddSpaceFile(ctx context.Context, spaceID int64, name string, data []byte) (crm.SpaceFile, error) {
	switch {
	case len(data) == 0:
		return crm.SpaceFile{}, crm.Errorf(crm.EINVALID, "file: choose a file that is not empty")
	case len(data) > crm.MaxFileSize:
		return crm.SpaceFile{}, crm.Errorf(crm.EINVALID, "file: larger than %d MiB, the most a space takes in one file", crm.MaxFileSize>>20)
	}
	sum := sha256.Sum256(data)
	f := crm.SpaceFile{SpaceID: spaceID, Name: cleanFileName(name), ContentType: FileContentType(name, data), Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:])}
	err := s.write(ctx, crm.RoleStaff, "add file", func(tx *sql.Tx, a crm.Actor) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM spaces WHERE id = $1`, spaceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return errNoSpace
		}
		// Two uploads to one space take turns, so that both cannot pass the limit.
		if err := s.lockKeys(ctx, tx, keyOf("space_files", fmt.Sprint(spaceID))); err != nil {
			return err
		}
		var used int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0) FROM space_files WHERE space_id = $1`, spaceID).Scan(&used); err != nil {
			return err
		}
		if used+f.Size > maxSpaceFileBytes {
			return crm.Errorf(crm.EINVALID, "file: the space's files would be larger than %d MiB together; remove some first", maxSpaceFileBytes>>20)
		}
		now := time.Now().UTC().Truncate(time.Second)
		if err := tx.QueryRowContext(ctx, `INSERT INTO space_files (space_id, name, content_type, size, sha256, uploaded_by, created_at, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, spaceID, f.Name, f.ContentType, f.Size, f.SHA256, a.Name, now.Unix(), data).Scan(&f.ID); err != nil {
			return err
		}
		f.UploadedBy, f.CreatedAt = a.Name, now
		return record(ctx, tx, a, "create", "space_file", f.ID, nil, f)
	})
	return f, err
}

// SpaceFiles lists the files of space spaceID by name, without their
// bytes; errNoSpace as Space.
func (s *Store) SpaceFiles(ctx context.Context, spaceID int64) ([]crm.SpaceFile, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, content_type, size, sha256, uploaded_by, created_at, COALESCE(product_id, 0) FROM space_files
		WHERE space_id = $1 ORDER BY name, id LIMIT 1000`, spaceID)
	if err != nil {
		return nil, fmt.Errorf("store: space files: %w", err)
	}
	defer rows.Close()
	out := []crm.SpaceFile{}
	for rows.Next() {
		f := crm.SpaceFile{SpaceID: spaceID}
		var at int64
		if err := rows.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &at, &f.ProductID); err != nil {
			return nil, fmt.Errorf("store: space files: %w", err)
		}
		f.CreatedAt = time.Unix(at, 0).UTC()
		out = append(out, f)
	}
	return out, rows.Err()
}

// SpaceFile returns file fileID of space spaceID with its bytes;
// errNoFile (ENOTFOUND) when either does not exist, the file is in
// another space, or the actor may not see the space.
func (s *Store) SpaceFile(ctx context.Context, spaceID, fileID int64) (crm.SpaceFile, error) {
	if _, err := s.spaceLevel(ctx, spaceID); err != nil {
		if crm.ErrorCode(err) == crm.ENOTFOUND {
			err = errNoFile
		}
		return crm.SpaceFile{}, err
	}
	f := crm.SpaceFile{ID: fileID, SpaceID: spaceID}
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT name, content_type, size, sha256, uploaded_by, created_at, data FROM space_files WHERE id = $1 AND space_id = $2`,
		fileID, spaceID).Scan(&f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &at, &f.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return crm.SpaceFile{}, errNoFile
	}
	if err != nil {
		return crm.SpaceFile{}, fmt.Errorf("store: space file: %w", err)
	}
	f.CreatedAt = time.Unix(at, 0).UTC()
	return f, nil
}

// DeleteSpaceFile removes file fileID of space spaceID, freeing its room
// in the space. Staff and up; errNoFile when it is not there. Audited.
func (s *Store) DeleteSpaceFile(ctx context.Context, spaceID, fileID int64) error {
	return s.write(ctx, crm.RoleStaff, "delete file", func(tx *sql.Tx, a crm.Actor) error {
		var name string
		var size int64
		err := tx.QueryRowContext(ctx, `SELECT name, size FROM space_files WHERE id = $1 AND space_id = $2`, fileID, spaceID).Scan(&name, &size)
		if errors.Is(err, sql.ErrNoRows) {
			return errNoFile
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM space_files WHERE id = $1 AND space_id = $2`, fileID, spaceID); err != nil {
			return err
		}
		return record(ctx, tx, a, "delete", "space_file", fileID, map[string]any{"space_id": spaceID, "name": name, "size": size}, nil)
	})
}
