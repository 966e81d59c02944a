" Drives a real Vim (headless, -es) with ALE against `authlint lsp`; run by tests/test_lsp_vim.py
" after the docs/editors.md snippet. Writes the location lists it saw to $AUTHLINT_VIM_OUT.
function! s:Loclist() abort
  return get(get(g:ale_buffer_info, bufnr(''), {}), 'loclist', [])
endfunction

function! s:Codes() abort
  return map(copy(s:Loclist()), {_, d -> [get(d, 'code', ''), d.lnum, d.col, get(d, 'end_col', 0)]})
endfunction

function! s:WaitFor(Done) abort
  let l:waited = 0
  " spaCy loads when the server starts: allow two minutes on a busy machine
  while l:waited < 1200 && !a:Done()
    sleep 100m
    let l:waited += 1
  endwhile
  return a:Done()
endfunction

let s:result = {'version': v:version, 'ale': exists('g:loaded_ale') ? 1 : 0, 'filetype': &filetype}
ALELint
let s:result.opened = s:WaitFor({-> !empty(s:Loclist())})
let s:result.at_open = s:Codes()
call setline(1, getline(1) . ' Buy now!!!')
ALELint
let s:result.changed = s:WaitFor({-> index(map(s:Codes(), 'v:val[0]'), 'PRO101') >= 0})
let s:result.after_edit = s:Codes()
call writefile([json_encode(s:result)], $AUTHLINT_VIM_OUT)
qa!
