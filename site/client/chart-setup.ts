/**
 * Chart.js with only the parts the site uses (tree-shaken), the zoom plugin
 * and the site's markers plugin, registered once.
 */
import { Chart, type Plugin, Filler, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { markersPlugin } from '../charts/markers-plugin.ts';
import { markDrawn } from './timing.ts';

// The package's types describe its CommonJS build; the bundler takes the ES module, whose default export is the plugin.
const zoom = zoomPlugin as unknown as Plugin;

/** Marks every render of a chart (pitwall:render:<canvas id>) for performance measurements. */
const timingPlugin: Plugin = {
  id: 'pitwallTiming',
  afterRender(chart) {
    markDrawn(`render:${chart.canvas.id}`);
  },
};

let registered = false;

export function setUpCharts(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Legend, Tooltip, zoom, markersPlugin, timingPlugin);
    registered = true;
  }
  return Chart;
}
