//! The `--chart` SVG: median build time and peak RSS against site size.

use std::path::Path;

use plotters::prelude::*;

use crate::{Res, SizeResult};

const OURS: RGBColor = RGBColor(0, 94, 184);
const HUGO: RGBColor = RGBColor(200, 60, 40);
const MARKDOWN: RGBColor = RGBColor(90, 90, 90);
const TARGET: RGBColor = RGBColor(20, 150, 70);

type Series = (String, RGBColor, Vec<(f64, f64)>);

/// Which median a panel plots.
#[derive(Clone, Copy)]
enum Figure {
    Wall,
    Cpu,
    Rss,
}

fn series(results: &[SizeResult], name: &str, label: &str, color: RGBColor, figure: Figure) -> Option<Series> {
    let points: Vec<(f64, f64)> = results
        .iter()
        .filter_map(|r| {
            let t = r.tool(name)?;
            let y = match figure {
                Figure::Wall => t.wall[1],
                Figure::Cpu => t.cpu[1],
                Figure::Rss => t.peak_mib?[1],
            };
            Some((r.reports as f64, y))
        })
        .collect();
    (!points.is_empty()).then(|| (label.to_string(), color, points))
}

/// Draws build time (left) and peak RSS (right) against the number of reports.
pub fn draw(path: &Path, results: &[SizeResult], hugo: Option<&str>) -> Res<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let hugo_label = hugo.and_then(|v| v.split_whitespace().nth(1)).map_or("hugo".to_string(), |v| format!("hugo {v}"));
    let three = |figure: Figure, markdown: bool| -> Vec<Series> {
        [
            series(results, "rapporteur", "rapporteur build", OURS, figure),
            series(results, "hugo", &hugo_label, HUGO, figure),
            if markdown {
                series(results, "pulldown-cmark", "bare pulldown-cmark (all cores)", MARKDOWN, figure)
            } else {
                None
            },
        ]
        .into_iter()
        .flatten()
        .collect()
    };
    let time_targets = vec![(100.0, 0.10), (1000.0, 0.70), (5000.0, 3.2)];
    let rss_targets = vec![(1000.0, 150.0), (5000.0, 570.0)];

    let root = SVGBackend::new(path, (1500, 520)).into_drawing_area();
    root.fill(&WHITE)?;
    let panels = root.split_evenly((1, 3));
    panel(&panels[0], "Full build: median wall time", "seconds", &three(Figure::Wall, true), &time_targets)?;
    panel(&panels[1], "Full build: median CPU time (user + sys)", "seconds", &three(Figure::Cpu, true), &[])?;
    panel(&panels[2], "Full build: median peak RSS", "MiB", &three(Figure::Rss, false), &rss_targets)?;
    root.present()?;
    Ok(())
}

fn panel(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    title: &str,
    unit: &str,
    data: &[Series],
    targets: &[(f64, f64)],
) -> Res<()> {
    let xmax = data.iter().flat_map(|s| s.2.iter().map(|p| p.0)).fold(100.0, f64::max) * 1.05;
    let targets: Vec<(f64, f64)> = targets.iter().copied().filter(|t| t.0 <= xmax).collect();
    let ymax =
        data.iter().flat_map(|s| s.2.iter().map(|p| p.1)).chain(targets.iter().map(|t| t.1)).fold(0.1, f64::max) * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..xmax, 0f64..ymax)?;
    let y_decimals = if ymax < 10.0 { 1 } else { 0 };
    chart
        .configure_mesh()
        .x_desc("reports (zh + en, ~16 KiB of Markdown each)")
        .y_desc(unit)
        .axis_desc_style(("sans-serif", 15))
        .label_style(("sans-serif", 13))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.y_decimals$}"))
        .light_line_style(WHITE.mix(0.0))
        .draw()?;
    for (label, color, points) in data {
        let color = *color;
        chart
            .draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(2)))?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color.stroke_width(2)));
        chart.draw_series(points.iter().map(|&p| Circle::new(p, 4, color.filled())))?;
    }
    if !targets.is_empty() {
        chart
            .draw_series(targets.iter().map(|&p| TriangleMarker::new(p, 6, TARGET.filled())))?
            .label("team target")
            .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, TARGET.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .label_font(("sans-serif", 14))
        .draw()?;
    Ok(())
}
