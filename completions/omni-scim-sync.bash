# bash completion for omni-scim-sync. Installed as share/bash-completion/completions/omni-scim-sync.
# The lists below must match `omni-scim-sync --help` and omni-scim-sync(1): ctest cli_docs_agree compares them.

_omni_scim_sync() {
  local cur prev words cword
  _init_completion || return

  local commands="sync apply show run check healthcheck"
  local global_options="-c --config -h --help -V --version"
  local sync_options="--dry-run --incremental --output --detailed-exitcode --allow-deletes --plan-out"
  local apply_options="--max-age --skip-stale"
  local output_values="text json"

  case $prev in
    -c | --config)
      _filedir '@(yaml|yml)'
      return
      ;;
    --output)
      mapfile -t COMPREPLY < <(compgen -W "$output_values" -- "$cur")
      return
      ;;
    --allow-deletes | --max-age)
      return  # a number, a duration
      ;;
    --plan-out)
      _filedir json
      return
      ;;
  esac

  # The command is the first word that is neither an option nor --config's value.
  local i command=""
  for ((i = 1; i < cword; i++)); do
    case ${words[i]} in
      -c | --config) ((i++)) ;;
      -*) ;;
      *) command=${words[i]}; break ;;
    esac
  done

  case $command in
    "")
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$global_options" -- "$cur")
      else
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
      fi
      ;;
    sync)
      mapfile -t COMPREPLY < <(compgen -W "$sync_options" -- "$cur")
      ;;
    apply)
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$apply_options" -- "$cur")
      else
        _filedir json
      fi
      ;;
    show)
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "--output" -- "$cur")
      else
        _filedir json
      fi
      ;;
  esac
} &&
  complete -F _omni_scim_sync omni-scim-sync
