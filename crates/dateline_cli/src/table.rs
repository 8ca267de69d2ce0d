//! Flat tables written as CSV or Parquet from the same rows.

use anyhow::Context;
use parquet::basic::{Compression, LogicalType, Repetition, Type as PhysicalType};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DataType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::Type;
use std::io::Write;
use std::sync::Arc;

/// A column's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Int,
    Float,
    Bool,
}

/// One value; every column is nullable.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Text(Option<String>),
    Int(Option<i64>),
    Float(Option<f64>),
    Bool(Option<bool>),
}

impl Cell {
    fn to_csv(&self) -> String {
        match self {
            Cell::Text(v) => v.clone().unwrap_or_default(),
            Cell::Int(v) => v.map(|x| x.to_string()).unwrap_or_default(),
            Cell::Float(v) => v.map(|x| x.to_string()).unwrap_or_default(),
            Cell::Bool(v) => v.map(|x| x.to_string()).unwrap_or_default(),
        }
    }
}

impl From<Option<String>> for Cell {
    fn from(v: Option<String>) -> Cell {
        Cell::Text(v)
    }
}
impl From<String> for Cell {
    fn from(v: String) -> Cell {
        Cell::Text(Some(v))
    }
}
impl From<Option<u64>> for Cell {
    fn from(v: Option<u64>) -> Cell {
        Cell::Int(v.and_then(|x| i64::try_from(x).ok()))
    }
}
impl From<usize> for Cell {
    fn from(v: usize) -> Cell {
        Cell::Int(i64::try_from(v).ok())
    }
}
impl From<Option<f64>> for Cell {
    fn from(v: Option<f64>) -> Cell {
        Cell::Float(v)
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Cell {
        Cell::Bool(Some(v))
    }
}

/// Where rows go.
pub(crate) trait TableSink {
    /// Appends one row (cells in schema order).
    fn row(&mut self, cells: Vec<Cell>) -> anyhow::Result<()>;
    /// Flushes everything.
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// CSV with a header line.
pub(crate) struct CsvSink<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> CsvSink<W> {
    pub(crate) fn new(out: W, schema: &[(&str, Kind)]) -> anyhow::Result<Self> {
        let mut out = csv::Writer::from_writer(out);
        out.write_record(schema.iter().map(|(name, _)| *name))?;
        Ok(CsvSink { out })
    }
}

impl<W: Write> TableSink for CsvSink<W> {
    fn row(&mut self, cells: Vec<Cell>) -> anyhow::Result<()> {
        self.out.write_record(cells.iter().map(Cell::to_csv))?;
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Parquet (Snappy), one row group per `ROW_GROUP` rows so memory stays bounded.
pub(crate) struct ParquetSink<W: Write + Send> {
    writer: SerializedFileWriter<W>,
    kinds: Vec<Kind>,
    rows: Vec<Vec<Cell>>,
}

const ROW_GROUP: usize = 16_384;

impl<W: Write + Send> ParquetSink<W> {
    pub(crate) fn new(out: W, name: &str, schema: &[(&str, Kind)]) -> anyhow::Result<Self> {
        let fields = schema
            .iter()
            .map(|(col, kind)| {
                let (physical, logical) = match kind {
                    Kind::Text => (PhysicalType::BYTE_ARRAY, Some(LogicalType::String)),
                    Kind::Int => (PhysicalType::INT64, None),
                    Kind::Float => (PhysicalType::DOUBLE, None),
                    Kind::Bool => (PhysicalType::BOOLEAN, None),
                };
                Type::primitive_type_builder(col, physical)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(logical)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let root = Type::group_type_builder(name).with_fields(fields).build()?;
        let props = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
        let writer = SerializedFileWriter::new(out, Arc::new(root), Arc::new(props))?;
        Ok(ParquetSink { writer, kinds: schema.iter().map(|(_, k)| *k).collect(), rows: Vec::new() })
    }

    fn flush_group(&mut self) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut group = self.writer.next_row_group()?;
        let mut col = 0;
        while let Some(mut writer) = group.next_column()? {
            let cells = self.rows.iter().map(|r| r.get(col));
            match self.kinds.get(col).copied().context("column count mismatch")? {
                Kind::Text => write_column::<ByteArrayType>(&mut writer, cells, |c| match c {
                    Cell::Text(Some(s)) => Some(ByteArray::from(s.as_str())),
                    _ => None,
                })?,
                Kind::Int => write_column::<Int64Type>(&mut writer, cells, |c| match c {
                    Cell::Int(v) => *v,
                    _ => None,
                })?,
                Kind::Float => write_column::<DoubleType>(&mut writer, cells, |c| match c {
                    Cell::Float(v) => *v,
                    _ => None,
                })?,
                Kind::Bool => write_column::<BoolType>(&mut writer, cells, |c| match c {
                    Cell::Bool(v) => *v,
                    _ => None,
                })?,
            }
            writer.close()?;
            col += 1;
        }
        group.close()?;
        self.rows.clear();
        Ok(())
    }
}

/// Writes one optional column: a definition level per row, a value per non-null cell.
fn write_column<'a, T: DataType>(
    writer: &mut SerializedColumnWriter<'_>,
    cells: impl Iterator<Item = Option<&'a Cell>>,
    value: impl Fn(&Cell) -> Option<T::T>,
) -> anyhow::Result<()> {
    let mut defs = Vec::new();
    let mut vals = Vec::new();
    for cell in cells {
        let v = cell.and_then(&value);
        defs.push(i16::from(v.is_some()));
        vals.extend(v);
    }
    writer.typed::<T>().write_batch(&vals, Some(&defs), None)?;
    Ok(())
}

impl<W: Write + Send> TableSink for ParquetSink<W> {
    fn row(&mut self, cells: Vec<Cell>) -> anyhow::Result<()> {
        anyhow::ensure!(cells.len() == self.kinds.len(), "row has {} cells, schema {}", cells.len(), self.kinds.len());
        self.rows.push(cells);
        if self.rows.len() >= ROW_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }
    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.flush_group()?;
        self.writer.close()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    const SCHEMA: [(&str, Kind); 4] = [("a", Kind::Text), ("b", Kind::Int), ("c", Kind::Float), ("d", Kind::Bool)];

    fn rows() -> Vec<Vec<Cell>> {
        vec![
            vec!["x,\"y\"".to_string().into(), Some(3u64).into(), Some(1.5).into(), true.into()],
            vec![Cell::Text(None), Cell::Int(None), Cell::Float(None), Cell::Bool(None)],
        ]
    }

    #[test]
    fn csv_quotes_and_nulls() -> anyhow::Result<()> {
        let mut buf = Vec::new();
        let mut sink: Box<dyn TableSink> = Box::new(CsvSink::new(&mut buf, &SCHEMA)?);
        for r in rows() {
            sink.row(r)?;
        }
        sink.finish()?;
        assert_eq!(String::from_utf8(buf)?, "a,b,c,d\n\"x,\"\"y\"\"\",3,1.5,true\n,,,\n");
        Ok(())
    }

    #[test]
    fn parquet_round_trip() -> anyhow::Result<()> {
        let file = tempfile::NamedTempFile::new()?;
        let mut sink: Box<dyn TableSink> = Box::new(ParquetSink::new(file.reopen()?, "t", &SCHEMA)?);
        for r in rows() {
            sink.row(r)?;
        }
        sink.finish()?;
        let reader = SerializedFileReader::new(file.reopen()?)?;
        assert_eq!(reader.metadata().file_metadata().num_rows(), 2);
        let first = reader.get_row_iter(None)?.next().context("no row")??;
        assert_eq!(first.to_string(), r#"{a: "x,"y"", b: 3, c: 1.5, d: true}"#);
        let second = reader.get_row_iter(None)?.nth(1).context("no second row")??;
        assert_eq!(second.to_string(), "{a: null, b: null, c: null, d: null}");
        Ok(())
    }
}
