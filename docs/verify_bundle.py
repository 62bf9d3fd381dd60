"""Verify a xinzhi ledger proof bundle with nothing but hashlib and the `cryptography` package.

Usage: python3 verify_bundle.py bundle.json [trusted-log-verifier-key]
Independent of xinzhi's code: RFC 9162 §2.1.3.2 inclusion, C2SP signed note, Ed25519.
"""
import base64, hashlib, json, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def vkey(text):
    name, key_id, b64 = text.split("+", 2)
    raw = base64.b64decode(b64)
    assert raw[0] == 0x01, "not an Ed25519 key"
    assert hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() == key_id, "key id mismatch"
    return name, bytes.fromhex(key_id), Ed25519PublicKey.from_public_bytes(raw[1:])


def verify_note(note, key):
    name, key_id, pub = key
    body, sigs = note[: note.rindex("\n\n") + 1], note[note.rindex("\n\n") + 2 :]
    for line in sigs.splitlines():
        signer, b64 = line[2:].rsplit(" ", 1)
        raw = base64.b64decode(b64)
        if signer == name and raw[:4] == key_id:
            pub.verify(raw[4:], body.encode())  # raises InvalidSignature
            return body
    raise ValueError("no signature by the trusted key")


def jcs(v):  # RFC 8785 for the JSON types an entry uses
    return json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def root_from_inclusion(index, size, leaf, proof):
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ValueError("proof too long")
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ValueError("proof too short")
    return r


b = json.load(open(sys.argv[1]))
log_key = vkey(sys.argv[2] if len(sys.argv) > 2 else b["public_key"])
origin, size, root_b64 = verify_note(b["checkpoint"], log_key).splitlines()[:3]
assert origin == log_key[0] and int(size) == b["tree_size"]
leaf = hashlib.sha256(b"\x00" + b["entry"].encode()).digest()
assert leaf.hex() == b["leaf_hash"], "leaf hash"
root = root_from_inclusion(b["index"], b["tree_size"], leaf, [bytes.fromhex(h) for h in b["proof"]])
assert root == base64.b64decode(root_b64), "inclusion proof"
e = json.loads(b["entry"])
assert e["index"] == b["index"]
org_name, _, org_pub = vkey(e["org_key"])
assert org_name == e["org"]
msg = "xinzhi.ledger.event/v1\n" + jcs({"context": e["context"], "event": e["event"], "event_id": e["event_id"], "org": e["org"]})
org_pub.verify(base64.b64decode(e["sig"]), msg.encode())
print(f"valid: entry {b['index']} ({e['event_id']}) signed by {e['org']}, included in {origin} tree {size} root {root.hex()}")
