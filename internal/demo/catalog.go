package demo

import "github.com/vitalfew/vitalfew/internal/crm"

// catalogue is the demo business's price list: an industrial supplier
// selling machine parts, consumables and services. Prices and unit costs are
// in EUR cents; gross margins run from 27% to 70%.
var catalogue = []crm.Product{
	{SKU: "CS-2001", Name: "Ball bearing 6204-2RS", Price: 890, UnitCost: 310},
	{SKU: "CS-2002", Name: "Seal kit SK-M", Price: 2800, UnitCost: 900},
	{SKU: "CS-2003", Name: "Filter cartridge FC-10", Price: 3600, UnitCost: 1400},
	{SKU: "CS-2004", Name: "Cleaning agent, 10 l", Price: 4200, UnitCost: 1900},
	{SKU: "CS-2005", Name: "Protective gloves (100 pairs)", Price: 4800, UnitCost: 2900},
	{SKU: "CS-2006", Name: "Lubricating grease, 5 kg", Price: 6400, UnitCost: 3000},
	{SKU: "CS-2007", Name: "Drill bit set HSS (25 pcs)", Price: 7500, UnitCost: 3300},
	{SKU: "CS-2008", Name: "Cutting oil, 20 l", Price: 8900, UnitCost: 4800},
	{SKU: "CS-2009", Name: "Saw blades (10 pcs)", Price: 12000, UnitCost: 5800},
	{SKU: "MP-1001", Name: "Linear guide rail LGR-20, 1 m", Price: 14500, UnitCost: 6800},
	{SKU: "MP-1002", Name: "Pneumatic cylinder PZ-32", Price: 18500, UnitCost: 9200},
	{SKU: "MP-1003", Name: "Inductive sensor kit (10 pcs)", Price: 21000, UnitCost: 8400},
	{SKU: "SV-3001", Name: "Online training seat", Price: 29000, UnitCost: 9000},
	{SKU: "MP-1004", Name: "Frequency inverter FI-2.2 kW", Price: 62000, UnitCost: 39000},
	{SKU: "MP-1005", Name: "PLC module S-16 I/O", Price: 74000, UnitCost: 42000},
	{SKU: "MP-1006", Name: "Planetary gearbox PG-60", Price: 89000, UnitCost: 51000},
	{SKU: "SV-3002", Name: "On-site service visit", Price: 98000, UnitCost: 62000},
	{SKU: "SV-3003", Name: "Remote support (10 h)", Price: 110000, UnitCost: 52000},
	{SKU: "MP-1007", Name: "Servo motor SM-400", Price: 128000, UnitCost: 76000},
	{SKU: "SV-3004", Name: "Training day (on site)", Price: 145000, UnitCost: 70000},
	{SKU: "MP-1008", Name: "Hydraulic pump HP-16", Price: 145000, UnitCost: 90000},
	{SKU: "SV-3005", Name: "Software licence Monitor Pro (per year)", Price: 180000, UnitCost: 54000},
	{SKU: "SV-3006", Name: "Maintenance contract Basic (per year)", Price: 240000, UnitCost: 130000},
	{SKU: "MP-1009", Name: "Conveyor module CB-2000", Price: 265000, UnitCost: 170000},
	{SKU: "MP-1010", Name: "Robot gripper RG-2", Price: 320000, UnitCost: 200000},
	{SKU: "SV-3007", Name: "Installation and commissioning", Price: 350000, UnitCost: 210000},
	{SKU: "MP-1011", Name: "Control cabinet CC-800", Price: 490000, UnitCost: 340000},
	{SKU: "SV-3008", Name: "Spare parts service package", Price: 520000, UnitCost: 360000},
	{SKU: "MP-1012", Name: "Spindle unit SU-12", Price: 680000, UnitCost: 490000},
	{SKU: "SV-3009", Name: "Line audit and consulting", Price: 780000, UnitCost: 410000},
	{SKU: "SV-3010", Name: "Maintenance contract Premium (per year)", Price: 960000, UnitCost: 440000},
	{SKU: "SV-3011", Name: "Retrofit project (per phase)", Price: 1850000, UnitCost: 1350000},
}

// Products returns the demo catalogue, ordered by price. Order lines name
// these products by SKU, ProductName and UnitCost. The slice is a fresh copy.
func Products() []crm.Product {
	ps := make([]crm.Product, len(catalogue))
	copy(ps, catalogue)
	for i := range ps {
		ps[i].HasCost = true
	}
	return ps
}
