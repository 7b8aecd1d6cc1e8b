// Draws the per-day table (#daily) as a chart: revenue as bars, actions as a line. The table stays
// the accessible source of the figures; without scripts the page still has every number.
(function () {
  var canvas = document.getElementById('daily-chart');
  var table = document.getElementById('daily');
  if (!canvas || !table || typeof Chart === 'undefined') { return; }
  var rows = table.querySelectorAll('tbody tr');
  var labels = [], revenue = [], actions = [];
  rows.forEach(function (row) {
    labels.push(row.dataset.day);
    revenue.push(Number(row.dataset.revenue));
    actions.push(Number(row.dataset.actions));
  });
  var grouped = new Intl.NumberFormat('en-US');
  new Chart(canvas, {
    data: {
      labels: labels,
      datasets: [
        { type: 'bar', label: 'Revenue (tokens)', data: revenue, backgroundColor: '#1f5fbf', yAxisID: 'revenue', order: 2 },
        { type: 'line', label: 'Actions', data: actions, borderColor: '#e07b00', backgroundColor: '#e07b00', yAxisID: 'actions', tension: 0.2, order: 1 }
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        revenue: { position: 'left', beginAtZero: true, title: { display: true, text: 'tokens' }, ticks: { callback: function (v) { return grouped.format(v); } } },
        actions: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: 'actions' }, ticks: { precision: 0 } }
      },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + grouped.format(c.parsed.y); } } } }
    }
  });
}());
