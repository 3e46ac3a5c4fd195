package database

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// RegisterTypes is the AfterConnect hook of every pool: it makes the
// connection send and read uuid.UUID values in PostgreSQL's 16-byte binary
// form. Without it pgx goes through the type's driver.Valuer and
// sql.Scanner, formatting and parsing text for every id of every query.
func RegisterTypes(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{Name: "uuid", OID: pgtype.UUIDOID, Codec: uuidCodec{}})
	return nil
}

// uuidCodec is pgx's uuid codec that also knows uuid.UUID in the binary
// format. Everything else it leaves to pgtype.UUIDCodec.
type uuidCodec struct{ pgtype.UUIDCodec }

func (c uuidCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	if _, ok := value.(uuid.UUID); ok && format == pgtype.BinaryFormatCode {
		return encodeUUID{}
	}
	return c.UUIDCodec.PlanEncode(m, oid, format, value)
}

func (c uuidCodec) PlanScan(m *pgtype.Map, oid uint32, format int16, target any) pgtype.ScanPlan {
	if _, ok := target.(*uuid.UUID); ok && format == pgtype.BinaryFormatCode {
		return scanUUID{}
	}
	return c.UUIDCodec.PlanScan(m, oid, format, target)
}

// encodeUUID writes a uuid.UUID as its 16 bytes.
type encodeUUID struct{}

func (encodeUUID) Encode(value any, buf []byte) ([]byte, error) {
	id := value.(uuid.UUID)
	return append(buf, id[:]...), nil
}

// scanUUID reads 16 bytes into a uuid.UUID.
type scanUUID struct{}

func (scanUUID) Scan(src []byte, dst any) error {
	switch len(src) {
	case 16:
		copy(dst.(*uuid.UUID)[:], src)
		return nil
	case 0:
		if src == nil {
			return errors.New("cannot scan NULL into a uuid.UUID")
		}
	}
	return fmt.Errorf("a uuid is 16 bytes, got %d", len(src))
}
