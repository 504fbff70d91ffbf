//! The log's framing: each record is `[length: u32 LE][crc32 of the payload: u32 LE][payload]`,
//! so a reader finds where a record ends without parsing it and tells a whole record from one
//! a crash cut short (or a sector that came back garbled).

/// The bytes before each payload: its length and its checksum.
pub(crate) const HEADER: usize = 8;

/// A payload framed for the log.
pub(crate) fn encode(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// What reading a log found: the whole records, and where the valid part ends.
#[derive(Debug)]
pub(crate) struct Decoded<'a> {
    /// The payloads of the whole records, in order.
    pub records: Vec<&'a [u8]>,
    /// The length of the valid prefix; anything after it is a torn or garbled tail.
    pub valid_len: usize,
}

/// Splits a log into its records, stopping at the first one that is incomplete or whose
/// checksum does not match: a crash can only tear the last record, and nothing after a
/// garbled one can be trusted to follow it.
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    let mut records = Vec::new();
    let mut at = 0;
    while let Some(header) = bytes.get(at..at + HEADER) {
        let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]) as usize;
        let crc = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let Some(payload) = bytes.get(at + HEADER..at + HEADER + len) else {
            break;
        };
        if crc32fast::hash(payload) != crc {
            break;
        }
        records.push(payload);
        at += HEADER + len;
    }
    Decoded {
        records,
        valid_len: at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(payloads: &[&[u8]]) -> Vec<u8> {
        payloads.iter().flat_map(|p| encode(p)).collect()
    }

    #[test]
    fn whole_records_come_back_in_order() {
        let bytes = log(&[b"one", b"", b"three"]);
        let decoded = decode(&bytes);
        assert_eq!(decoded.records, vec![&b"one"[..], b"", b"three"]);
        assert_eq!(decoded.valid_len, bytes.len());
    }

    #[test]
    fn a_log_cut_anywhere_in_its_last_record_keeps_the_records_before_it() {
        let whole = log(&[b"first record", b"second record"]);
        let first_len = HEADER + b"first record".len();
        for cut in first_len..whole.len() {
            let decoded = decode(&whole[..cut]);
            assert_eq!(decoded.records, vec![&b"first record"[..]], "cut at {cut}");
            assert_eq!(decoded.valid_len, first_len, "cut at {cut}");
        }
    }

    #[test]
    fn a_garbled_record_and_everything_after_it_are_dropped() {
        let mut bytes = log(&[b"good", b"garbled", b"after"]);
        let second = HEADER + 4;
        bytes[second + HEADER + 2] ^= 0xff;
        let decoded = decode(&bytes);
        assert_eq!(decoded.records, vec![&b"good"[..]]);
        assert_eq!(decoded.valid_len, second);
    }
}
