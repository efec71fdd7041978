// The memcomparable key of a row value (record or composite type), ordered as PostgreSQL's
// record_cmp: field by field, a NULL field after every non-NULL one and equal to another NULL;
// grouping, DISTINCT and set operations over whole rows key on it.
//
//   per field   0x02 + the field's key bytes (key-values.ts, by the field's type), or 0x03 for NULL
//   0x01        end of the fields (below both markers: a row with fewer fields sorts first)
//
// Prefix-free because each field's encoding is. Rows are never index columns, so there is no
// decoding: the field types live in the value, not in the key.
import { RecordValue, type Value } from '../../sql/types/value.js';
import type { ByteWriter } from './byte-writer.js';

const END = 0x01;
const FIELD = 0x02;
const NULL_FIELD = 0x03;

type EncodeField = (w: ByteWriter, type: number, value: Value) => void;

export function encodeRecordKey(w: ByteWriter, r: RecordValue, encodeField: EncodeField): void {
  r.fields.forEach((v, i) => {
    if (v === null) {
      w.u8(NULL_FIELD);
    } else {
      w.u8(FIELD);
      encodeField(w, r.desc.types[i]!, v);
    }
  });
  w.u8(END);
}
