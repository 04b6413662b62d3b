package crm

import "time"

// Files of the portal's spaces (datasheets, manuals) and the attendance of
// their events, read from the meeting tool's report.

// Limits of the files a space keeps.
const (
	MaxFileSize       = 20 << 20  // bytes of one file
	MaxSpaceFileBytes = 500 << 20 // bytes of all files of one space
	MaxFileName       = 255       // bytes of a file's name
	MaxAttendanceFile = 8 << 20   // bytes of an attendance report
)

// SpaceFile is a file of a space. ContentType is what the store sniffed
// from its bytes, within an allow list; anything else is
// application/octet-stream. The file is always served as an attachment.
type SpaceFile struct {
	ID          int64     `json:"id"`
	SpaceID     int64     `json:"space_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
	ProductID   int64     `json:"product_id,omitempty"` // the product it is about, if any
	Data        []byte    `json:"-"`
}

// Attendee is one person of an attendance report: their e-mail address,
// name and the time they attended, summed over their joins.
type Attendee struct {
	Email   string
	Name    string
	Seconds int
}

// Minutes is the attended time in whole minutes, at least 1 for anyone
// who was there at all.
func (a Attendee) Minutes() int {
	if a.Seconds <= 0 {
		return 0
	}
	return max(1, (a.Seconds+30)/60)
}

// AttendanceResult is what an attendance import did: Attended people in
// the report (by e-mail, plus NoEmail without one), of whom Contacts
// matched contacts of Accounts accounts; Unknown are the e-mail addresses
// of no contact.
type AttendanceResult struct {
	EventID  int64    `json:"event_id"`
	Attended int      `json:"attended"`
	NoEmail  int      `json:"no_email"`
	Contacts int      `json:"contacts"`
	Accounts int      `json:"accounts"`
	New      int      `json:"new_touchpoints"`
	Unknown  []string `json:"unknown"`
}
