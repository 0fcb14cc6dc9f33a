-- Gatehouse decides every mail login: Dovecot's passdb asks it over HTTP.
--
-- Dovecot 2.3, Debian packages dovecot-auth-lua, lua-socket and lua-cjson (Lua 5.4).
-- Configure with dovecot-gatehouse.conf next to this file. Settings come from the environment
-- that import_environment passes to the auth worker:
--   GATEHOUSE_MAIL_AUTH_URL          the endpoint, e.g. http://127.0.0.1:3000/api/mail-auth
--   GATEHOUSE_MAIL_AUTH_SECRET_FILE  a file holding GATEHOUSE_MAIL_AUTH_SECRET (mode 0600)
--   GATEHOUSE_MAIL_AUTH_TIMEOUT      seconds to wait for an answer (default 5)
--
-- Results. Only an accept is PASSDB_RESULT_OK: a refusal is always a failing result, never an OK
-- with nologin, because only Dovecot's own login processes honour nologin; Postfix's SASL client
-- and `doveadm auth test` take any OK as a good password.
--   accept                          PASSDB_RESULT_OK
--   refuse, failure "user_disabled" PASSDB_RESULT_USER_DISABLED (app passwords off, mailbox
--                                   locked, two-factor required and overdue)
--   refuse, failure "temporary"     PASSDB_RESULT_INTERNAL_FAILURE (too many attempts: try later)
--   refuse, any other failure       PASSDB_RESULT_PASSWORD_MISMATCH (a wrong password, or the
--                                   account password of a mailbox that needs an app password)
--   anything else (Gatehouse down,
--   a timeout, a 4xx or 503, an
--   answer this script cannot read) PASSDB_RESULT_INTERNAL_FAILURE: a temporary failure, which
--                                   mail clients retry, never a wrong password
-- The reason of a refusal goes to Dovecot's log; its owner reads it on Gatehouse's security page.

local http = require("socket.http")
local ltn12 = require("ltn12")
local cjson = require("cjson.safe")

local url = os.getenv("GATEHOUSE_MAIL_AUTH_URL") or "http://127.0.0.1:3000/api/mail-auth"
local timeout = tonumber(os.getenv("GATEHOUSE_MAIL_AUTH_TIMEOUT") or "5")
local secret = nil

local function read_secret()
  local path = os.getenv("GATEHOUSE_MAIL_AUTH_SECRET_FILE")
  if not path then return nil, "GATEHOUSE_MAIL_AUTH_SECRET_FILE is not set" end
  local file, err = io.open(path, "r")
  if not file then return nil, "cannot read the secret file: " .. tostring(err) end
  local value = file:read("*l")
  file:close()
  if not value or #value < 32 then return nil, "the secret file holds no secret of 32 or more characters" end
  return value
end

local function ask_gatehouse(req, password)
  if not secret then
    local value, err = read_secret()
    if not value then return nil, err end
    secret = value
  end
  local body = cjson.encode({
    username = req.user,
    password = password,
    service = req:var_expand("%{service}"),
    clientIp = req:var_expand("%{rip}"),
  })
  local chunks = {}
  http.TIMEOUT = timeout
  local ok, status = http.request({
    url = url,
    method = "POST",
    headers = {
      ["Content-Type"] = "application/json",
      ["Content-Length"] = tostring(#body),
      ["Authorization"] = "Bearer " .. secret,
    },
    source = ltn12.source.string(body),
    sink = ltn12.sink.table(chunks),
  })
  if not ok then return nil, "Gatehouse is unreachable: " .. tostring(status) end
  local answer = cjson.decode(table.concat(chunks))
  if status ~= 200 or type(answer) ~= "table" then
    local reason = type(answer) == "table" and tostring(answer.reason) or "no JSON"
    return nil, "Gatehouse answered " .. tostring(status) .. " (" .. reason .. ")"
  end
  return answer
end

local REFUSALS = {
  user_disabled = dovecot.auth.PASSDB_RESULT_USER_DISABLED,
  temporary = dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE,
}

function auth_password_verify(req, password)
  local answer, err = ask_gatehouse(req, password)
  if not answer then
    req:log_error("gatehouse: " .. err)
    return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "Temporary authentication failure"
  end
  if answer.result == "accept" then
    return dovecot.auth.PASSDB_RESULT_OK, {}
  end
  if answer.result == "refuse" then
    local reason = tostring(answer.reason)
    req:log_info("gatehouse: refused (" .. reason .. ")")
    return REFUSALS[answer.failure] or dovecot.auth.PASSDB_RESULT_PASSWORD_MISMATCH, "Refused by Gatehouse (" .. reason .. ")"
  end
  req:log_error("gatehouse: an answer this script does not know")
  return dovecot.auth.PASSDB_RESULT_INTERNAL_FAILURE, "Temporary authentication failure"
end

-- Only plaintext mechanisms (PLAIN, LOGIN) can be decided: Gatehouse never hands out a password
-- or hash for Dovecot to compare, so challenge-response mechanisms have nothing to work with.
function auth_passdb_lookup(req)
  return dovecot.auth.PASSDB_RESULT_SCHEME_NOT_AVAILABLE, "Only plaintext authentication is supported"
end
