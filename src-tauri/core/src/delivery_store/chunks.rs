//! Multi-row statements in a few fixed sizes.

/// Row counts of the multi-row statements. A batch is cut into these sizes (largest first),
/// so each statement has a handful of shapes that stay prepared in the connection's statement
/// cache instead of one new SQL text, parsed again, per batch size.
const STATEMENT_ROWS: [usize; 4] = [64, 16, 4, 1];

pub fn statement_sized_chunks<T>(mut items: &[T]) -> impl Iterator<Item = &[T]> {
    std::iter::from_fn(move || {
        let size = STATEMENT_ROWS
            .into_iter()
            .find(|&size| size <= items.len())?;
        let (chunk, rest) = items.split_at(size);
        items = rest;
        Some(chunk)
    })
}

/// `rows` groups of `columns` numbered parameters: `(?1, ?2), (?3, ?4)`.
pub fn value_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|row| {
            let values: Vec<String> = (1..=columns)
                .map(|column| format!("?{}", row * columns + column))
                .collect();
            format!("({})", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::{statement_sized_chunks, value_rows};

    #[test]
    fn batches_are_cut_into_the_fixed_statement_sizes_without_losing_a_row() {
        let items: Vec<u32> = (0..87).collect();
        let sizes: Vec<usize> = statement_sized_chunks(&items).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![64, 16, 4, 1, 1, 1]);
        let rejoined: Vec<u32> = statement_sized_chunks(&items).flatten().copied().collect();
        assert_eq!(rejoined, items);
        assert_eq!(statement_sized_chunks::<u32>(&[]).count(), 0);
        let many: Vec<u32> = (0..130).collect();
        let sizes: Vec<usize> = statement_sized_chunks(&many).map(<[u32]>::len).collect();
        assert_eq!(sizes, vec![64, 64, 1, 1]);
    }

    #[test]
    fn placeholders_number_every_value_once() {
        assert_eq!(value_rows(2, 2), "(?1, ?2), (?3, ?4)");
        assert_eq!(value_rows(1, 3), "(?1, ?2, ?3)");
    }
}
