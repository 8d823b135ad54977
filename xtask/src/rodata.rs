//! What the app's read-only data holds, by symbol. twiggy shows the linked
//! `.rodata` as one item (a sixth of the module); the linker's map names
//! each static in it, and the module's data segment gives its bytes, so the
//! page can say which tables are large and which of them gzip cannot shrink.

use std::collections::BTreeMap;
use std::path::Path;

use wasmparser::{DataKind, Operator, Parser, Payload};

/// One symbol the linker placed in `.rodata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Its demangled path, or `None` for an anonymous constant (a string
    /// literal, a promoted table, a vtable).
    pub name: Option<String>,
    /// Its address in linear memory.
    pub addr: u64,
    /// Its size in bytes.
    pub size: u64,
}

/// The symbols of the `.rodata` output section in a wasm-ld `--Map` file.
///
/// The map lists each output section, its input sections and, indented
/// deepest, their symbols: `addr off size name`. Each input section is one
/// entry, named by its first symbol; the one the linker makes itself
/// (`<internal>`, the string literals it merged) has no symbol.
pub fn parse_map(map: &str) -> Vec<Symbol> {
    let mut symbols: Vec<Symbol> = Vec::new();
    let mut inside = false;
    // Whether the last input section has its name yet.
    let mut unnamed = false;
    for line in map.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [addr, _off, size, name, ..] = fields.as_slice() else {
            continue;
        };
        let depth = indent_of_name(line).unwrap_or(0);
        if depth == 1 {
            inside = *name == ".rodata";
            continue;
        }
        if !inside {
            continue;
        }
        let (Ok(addr), Ok(size)) = (u64::from_str_radix(addr, 16), u64::from_str_radix(size, 16))
        else {
            continue;
        };
        if depth < 16 {
            let merged = name.starts_with("<internal>");
            symbols.push(Symbol {
                name: merged.then(|| MERGED_STRINGS.to_owned()),
                addr,
                size,
            });
            unnamed = !merged;
        } else if unnamed {
            unnamed = false;
            let raw = fields[3..].join(" ");
            if let Some(last) = symbols.last_mut() {
                last.name = (!raw.starts_with(".L")).then(|| demangled(&raw));
            }
        }
    }
    symbols
}

/// What the page calls the string literals the linker merged.
const MERGED_STRINGS: &str = "(string literals, merged by the linker)";

/// The spaces between the size column and the name column: 1 for an output
/// section, 9 for an input section, 17 for a symbol.
fn indent_of_name(line: &str) -> Option<usize> {
    let mut columns = 0;
    let mut chars = line.char_indices().peekable();
    while columns < 3 {
        while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
            chars.next();
        }
        chars.peek()?;
        while chars.peek().is_some_and(|(_, c)| !c.is_whitespace()) {
            chars.next();
        }
        columns += 1;
    }
    let start = chars.peek()?.0;
    let spaces = line[start..].len() - line[start..].trim_start().len();
    Some(spaces)
}

/// A symbol's path without its hash.
fn demangled(raw: &str) -> String {
    format!("{:#}", rustc_demangle::demangle(raw))
}

/// The module's active data segments: (address, bytes).
pub fn segments(wasm: &[u8]) -> Result<Vec<(u64, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::DataSection(reader) = payload.map_err(|e| e.to_string())? else {
            continue;
        };
        for data in reader {
            let data = data.map_err(|e| e.to_string())?;
            if let DataKind::Active { offset_expr, .. } = data.kind {
                let mut ops = offset_expr.get_operators_reader();
                if let Ok(Operator::I32Const { value }) = ops.read() {
                    out.push((u64::from(value as u32), data.data.to_vec()));
                }
            }
        }
    }
    Ok(out)
}

/// The bytes at `addr..addr + size`, if one segment holds them all.
fn bytes_at(segments: &[(u64, Vec<u8>)], addr: u64, size: u64) -> Option<&[u8]> {
    segments.iter().find_map(|(base, bytes)| {
        let start = usize::try_from(addr.checked_sub(*base)?).ok()?;
        let end = start.checked_add(usize::try_from(size).ok()?)?;
        bytes.get(start..end)
    })
}

/// gzip -9 of `bytes` alone, less the format's 20 bytes of framing.
fn gzipped(bytes: &[u8]) -> usize {
    crate::dist::gzip_len(bytes).map_or(bytes.len(), |len| len.saturating_sub(20))
}

/// The Markdown section: the largest named statics with their size and what
/// each gzips to on its own, then the anonymous constants together.
pub fn markdown(symbols: &[Symbol], segments: &[(u64, Vec<u8>)]) -> String {
    let total: u64 = symbols.iter().map(|s| s.size).sum();
    let mut named: BTreeMap<&str, (u64, usize)> = BTreeMap::new();
    let mut anonymous = Vec::new();
    for symbol in symbols {
        let bytes = bytes_at(segments, symbol.addr, symbol.size).unwrap_or_default();
        match &symbol.name {
            Some(name) => {
                let entry = named.entry(name).or_default();
                entry.0 += symbol.size;
                entry.1 += gzipped(bytes);
            }
            None => anonymous.extend_from_slice(bytes),
        }
    }
    let mut rows: Vec<(&str, u64, usize)> = named
        .into_iter()
        .map(|(name, (size, gz))| (name, size, gz))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut out = format!(
        "#### Read-only data by symbol\n\n`.rodata` holds {total} bytes. The largest named statics, \
         each with what gzip -9 makes of it alone (a table of random-looking numbers stays \
         its size):\n\n| static | bytes | gzip alone |\n|---|---:|---:|\n"
    );
    for (name, size, gz) in rows.iter().take(15) {
        out.push_str(&format!(
            "| `{}` | {size} | {gz} |\n",
            name.replace('|', "\\|")
        ));
    }
    let mut unnamed: Vec<&Symbol> = symbols.iter().filter(|s| s.name.is_none()).collect();
    out.push_str(&format!(
        "\nAnonymous constants (string literals, promoted tables, vtables): {} symbols, {} bytes, \
         {} gzip -9 together. The largest:\n\n| starts with | bytes | gzip alone |\n|---|---:|---:|\n",
        unnamed.len(),
        anonymous.len(),
        gzipped(&anonymous)
    ));
    unnamed.sort_by(|a, b| b.size.cmp(&a.size).then(a.addr.cmp(&b.addr)));
    for symbol in unnamed.iter().take(8) {
        let bytes = bytes_at(segments, symbol.addr, symbol.size).unwrap_or_default();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            preview(bytes),
            symbol.size,
            gzipped(bytes)
        ));
    }
    out
}

/// How a constant begins: its first words when it is text, else its first
/// bytes in hex (enough to recognise a known table).
fn preview(bytes: &[u8]) -> String {
    let printable = bytes
        .iter()
        .filter(|b| b.is_ascii_graphic() || **b == b' ' || **b == b'\n')
        .count();
    if !bytes.is_empty() && printable * 10 >= bytes.len() * 9 {
        let text: String = String::from_utf8_lossy(bytes)
            .chars()
            .take(48)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("text: `{}…`", text.replace('`', "'").replace('|', "\\|"))
    } else {
        let hex: String = bytes.iter().take(12).map(|b| format!("{b:02x}")).collect();
        format!("binary: `{hex}…`")
    }
}

/// Relinks the app with a linker map (only its own crate and the link are
/// redone) and returns the section for `docs/performance.md`.
pub fn section(env: &crate::process::ToolEnv, root: &Path) -> Result<String, String> {
    let map = root.join("target/perf/kata-configurator.map");
    std::fs::create_dir_all(root.join("target/perf")).map_err(|e| e.to_string())?;
    crate::process::run(
        "relink the app with a linker map",
        env.command("cargo")
            .args([
                "rustc",
                "-q",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "kata-configurator",
                "--bin",
                "kata-configurator",
                "--",
                "-C",
            ])
            .arg(format!("link-arg=--Map={}", map.display())),
    )?;
    let text = std::fs::read_to_string(&map).map_err(|e| format!("{}: {e}", map.display()))?;
    let wasm_path = root.join("target/wasm32-unknown-unknown/release/kata-configurator.wasm");
    let wasm = std::fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;
    let symbols = parse_map(&text);
    if symbols.is_empty() {
        return Err(format!("{} lists no .rodata symbol", map.display()));
    }
    Ok(markdown(&symbols, &segments(&wasm)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = "    Addr      Off     Size Out     In      Symbol
       -   18a720    3cec3 DATA
  100000   18a721    3ce54 .rodata
  100000   18a72b        3         x.o:(.rodata..Lanon.04ff.5)
  100000   18a72b        3                 .Lanon.04ff.5
  100003   18a72e        1         <internal>:(.rodata)
  100004   18a72f     4000         x.o:(.rodata._ZN9crc32fast5table11CRC32_TABLE17hf4f75b5f087828cbE)
  100004   18a72f     4000                 _ZN9crc32fast5table11CRC32_TABLE17hf4f75b5f087828cbE
  13ce54  1c757f       58 .data
  13ce54  1c757f        8         x.o:(.data._ZN3foo3BAR17h0123456789abcdefE)
  13ce54  1c757f        8                 _ZN3foo3BAR17h0123456789abcdefE
";

    #[test]
    fn the_map_gives_rodata_symbols_only() {
        assert_eq!(
            parse_map(MAP),
            vec![
                Symbol {
                    name: None,
                    addr: 0x100000,
                    size: 3
                },
                Symbol {
                    name: Some(MERGED_STRINGS.to_owned()),
                    addr: 0x100003,
                    size: 1
                },
                Symbol {
                    name: Some("crc32fast::table::CRC32_TABLE".to_owned()),
                    addr: 0x100004,
                    size: 0x4000
                },
            ]
        );
    }

    #[test]
    fn random_tables_stay_their_size_and_text_shrinks() {
        // A linear congruential sequence: no repeats gzip could use.
        let mut x: u32 = 12345;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        let text = b"the same words again and again ".repeat(128);
        let segments = vec![(0x100000, [noise.clone(), text.clone()].concat())];
        let symbols = [
            Symbol {
                name: Some("a::NOISE".into()),
                addr: 0x100000,
                size: 4096,
            },
            Symbol {
                name: None,
                addr: 0x100000 + 4096,
                size: text.len() as u64,
            },
        ];
        let page = markdown(&symbols, &segments);
        let row = page
            .lines()
            .find(|l| l.starts_with("| `a::NOISE`"))
            .expect("a row for the table");
        let gz: usize = row
            .rsplit('|')
            .nth(1)
            .and_then(|c| c.trim().parse().ok())
            .expect("a gzip figure");
        assert!(gz > 4000, "{row}");
        assert!(page.contains("1 symbols, 3968 bytes"), "{page}");
    }
}
