// aclitem: one entry of an access privilege list, `grantee=privileges/grantor` (an empty
// grantee is PUBLIC; `*` after a privilege letter is its grant option), as PostgreSQL's
// aclitemin / aclitemout read and print it. Roles are the cluster's roles; an OID with no role
// prints as its number (acldefault of a dropped owner).
// Representation: the canonical text form (privileges in PostgreSQL's order), so equal items
// compare equal as strings. Like PostgreSQL, aclitem has no binary form.
import { DbError, SqlState } from '../../errors.js';
import { roleByName, roleByOid } from '../system/roles.js';
import type { TypeIO } from './typeio.js';

/** Privilege letters in PostgreSQL's bit order (ACL_ALL_RIGHTS_STR). */
export const ACL_RIGHTS = 'arwdDxtXUCTcsA';

/** A role's name for printing, or its OID as text when there is no such role. */
export function roleName(oid: number): string {
  return roleByOid(oid)?.name ?? String(oid);
}

/** PostgreSQL's putid: a name in double quotes unless it is all letters, digits and _. */
function putid(name: string): string {
  return /^[\p{L}\p{N}_]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The canonical text of an item: grantee ('' for PUBLIC), privileges with grant options, grantor. */
export function formatAclItem(grantee: string, rights: string, grantOptions: string, grantor: string): string {
  let privs = '';
  for (const c of ACL_RIGHTS) {
    if (rights.includes(c)) privs += grantOptions.includes(c) ? `${c}*` : c;
  }
  return `${grantee === '' ? '' : putid(grantee)}=${privs}/${putid(grantor)}`;
}

function badSyntax(message: string, hint?: string): DbError {
  return new DbError(SqlState.InvalidTextRepresentation, message, hint ? { hint } : {});
}

/** PostgreSQL's getid: skips spaces, reads a name (letters, digits, _, or a quoted part), skips spaces. */
function readId(s: string, i: number): [string, number] {
  while (i < s.length && /\s/.test(s[i]!)) i++;
  let name = '';
  let quoted = false;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      if (quoted && s[i + 1] === '"') {
        name += '"';
        i += 2;
        continue;
      }
      quoted = !quoted;
      i++;
      continue;
    }
    if (!quoted && !/[\p{L}\p{N}_]/u.test(c)) break;
    name += c;
    i++;
  }
  while (i < s.length && /\s/.test(s[i]!)) i++;
  return [name, i];
}

function roleNamed(name: string): string {
  const role = roleByName(name);
  if (!role) throw new DbError(SqlState.UndefinedObject, `role "${name}" does not exist`);
  return role.name;
}

/** aclitemin: parses `grantee=privileges[/grantor]`. */
export function parseAclItem(text: string): string {
  let [grantee, i] = readId(text, 0);
  if (text[i] !== '=') {
    if (grantee !== 'group' && grantee !== 'user') {
      throw badSyntax(`unrecognized key word: "${grantee}"`, 'ACL key word must be "group" or "user".');
    }
    [grantee, i] = readId(text, i);
    if (grantee === '') throw badSyntax('missing name', 'A name must follow the "group" or "user" key word.');
    if (text[i] !== '=') throw badSyntax('missing "=" sign');
  }
  i++;
  let rights = '';
  let grantOptions = '';
  let last = '';
  for (; i < text.length && (/[A-Za-z]/.test(text[i]!) || text[i] === '*'); i++) {
    const c = text[i]!;
    if (c === '*') {
      grantOptions += last;
      continue;
    }
    if (!ACL_RIGHTS.includes(c)) throw badSyntax(`invalid mode character: must be one of "${ACL_RIGHTS}"`);
    rights += c;
    last = c;
  }
  const granteeName = grantee === '' ? '' : roleNamed(grantee);
  let grantor: string;
  if (text[i] === '/') {
    let name: string;
    [name, i] = readId(text, i + 1);
    if (name === '') throw badSyntax('a name must follow the "/" sign');
    grantor = roleNamed(name);
  } else {
    // PostgreSQL warns "defaulting grantor to user ID 10" here
    grantor = roleName(10);
  }
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (i < text.length) throw badSyntax('extra garbage at the end of the ACL specification');
  return formatAclItem(granteeName, rights, grantOptions, grantor);
}

function noBinary(direction: 'input' | 'output'): DbError {
  return new DbError(SqlState.UndefinedFunction, `no binary ${direction} function available for type aclitem`);
}

export const aclitemIO: TypeIO = {
  input: (text) => parseAclItem(text),
  output: (value) => value as string,
  receive() {
    throw noBinary('input');
  },
  send() {
    throw noBinary('output');
  },
};
