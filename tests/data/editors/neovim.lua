-- Drives a real Neovim (headless) against `authlint lsp`; run by tests/test_lsp_neovim.py:
--   nvim --headless --clean -u NONE -c "luafile neovim.lua" POST
-- Environment: AUTHLINT_NVIM_OUT (JSON results are written there), AUTHLINT_NVIM_SNIPPET (a Lua
-- file: the docs/editors.md snippet, used on Neovim 0.11+; older Neovims start the same command
-- with vim.lsp.start_client, which is what the snippet does under the hood).
local out_path = os.getenv('AUTHLINT_NVIM_OUT')
local snippet = os.getenv('AUTHLINT_NVIM_SNIPPET')
local result = { version = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out_path)
  vim.cmd('qa!')
end

local function codes(diags)
  local found = {}
  for _, d in ipairs(diags) do
    table.insert(found, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity })
  end
  return found
end

local ok, err = pcall(function()
  vim.cmd('filetype on')
  local new_api = vim.lsp.config ~= nil and vim.lsp.enable ~= nil
  result.started_by = new_api and 'vim.lsp.config + vim.lsp.enable (docs/editors.md snippet)' or 'vim.lsp.start_client'
  if new_api then
    dofile(snippet)
    vim.cmd('edit')  -- re-read the buffer so the FileType autocommand of vim.lsp.enable starts the server
  else
    local id = vim.lsp.start_client({ name = 'authlint', cmd = { 'authlint', 'lsp' }, root_dir = vim.fn.getcwd() })
    vim.lsp.buf_attach_client(0, id)
  end
  result.filetype = vim.bo.filetype
  -- spaCy loads when the server starts: allow two minutes on a busy machine.
  result.opened = vim.wait(120000, function() return #vim.diagnostic.get(0) > 0 end, 50)
  result.at_open = codes(vim.diagnostic.get(0))
  local clients = vim.lsp.get_active_clients and vim.lsp.get_active_clients() or vim.lsp.get_clients()
  local client = clients[1]
  result.clients = #clients
  result.encoding = client and client.offset_encoding or nil
  -- A keystroke: add a sentence at the end of line 1 (Neovim sends it as an incremental change).
  local line = vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]
  local before = vim.fn.json_encode(codes(vim.diagnostic.get(0)))
  vim.api.nvim_buf_set_text(0, 0, #line, 0, #line, { ' Buy now!!!' })
  result.changed = vim.wait(60000, function()
    return vim.fn.json_encode(codes(vim.diagnostic.get(0))) ~= before
  end, 20)
  result.after_edit = codes(vim.diagnostic.get(0))
  result.text_after_edit = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  -- Hover on the first finding (the rule's documentation).
  local first = vim.diagnostic.get(0)[1]
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = first.lnum, character = first.col } }
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 30000) or {}
  for _, r in pairs(hover) do
    if r.result and r.result.contents then result.hover = r.result.contents.value end
  end
  -- Code actions at that finding.
  local ctx = { diagnostics = {} }
  local range = { start = params.position, ['end'] = params.position }
  local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction',
    { textDocument = params.textDocument, range = range, context = ctx }, 30000) or {}
  result.actions = {}
  for _, r in pairs(actions) do
    for _, a in ipairs(r.result or {}) do table.insert(result.actions, a.title) end
  end
end)
if not ok then result.error = tostring(err) end
finish()
